/**
 * A local stand-in for a provincial 好差评 platform (the provincial government-service rating system local halls
 * report to), for the tests: the signed JSON API the evaluation service's `HttpProvincialPlatform` speaks
 * (apps/evaluation/src/push/). It checks every request as such a platform would (app id, timestamp within the skew,
 * nonce never seen, HMAC-SHA256 of the exact body — libs/platform's signing), validates the body, is idempotent by
 * our `id` (the same id twice is accepted and counted once), and misbehaves on demand: 5xx answers, answers held
 * (the record is accepted first, so a caller killed meanwhile never learns it was).
 *
 * | call | request | answer |
 * |---|---|---|
 * | push | `POST {url}` `{id, kind, occurredAt, data}` | `200 {code: "0", duplicate}`; `400 {code, message}` when invalid; `401` unsigned or signed wrongly |
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Clock } from '@yichuang/platform';
import { signedRequestProblem } from './signed-request.js';
import { AnswerGate } from './answer-gate.js';

/** One record the platform accepted (one per id). */
export interface StubHaochaRecord {
  id: string;
  kind: string;
  occurredAt: string;
  data: Record<string, unknown>;
  /** how many requests carried this id (1 + repeats) */
  requests: number;
}

export interface StubHaochaRequest {
  method: string;
  /** the answer's HTTP status (0: still held, or the caller went away) */
  status: number;
  code?: string;
  id?: string;
}

export interface HaochaStub {
  /** the push endpoint (HAOCHA_PUSH_URL) */
  url: string;
  appId: string;
  secret: string;
  /** every request in order */
  readonly requests: StubHaochaRequest[];
  /** the distinct records accepted, one per id, in order of first arrival */
  records(): StubHaochaRecord[];
  /** the next `n` requests answer `status` (default 503) without doing anything */
  failNext(n: number, status?: number): void;
  /** hold the answer of every push (the record is accepted first) until the returned function is called */
  holdAnswers(): () => void;
  close(): Promise<void>;
}

const SKEW_S = 300;
const KINDS = ['rating', 'rectification'];

export async function startHaochaStub(opts: { appId?: string; secret?: string } = {}): Promise<HaochaStub> {
  const appId = opts.appId ?? 'xinxian-yichuang-test';
  const secret = opts.secret ?? 'haocha-stub-secret-for-tests';
  const realTime = new Clock();
  const byId = new Map<string, StubHaochaRecord>();
  const nonces = new Set<string>();
  const requests: StubHaochaRequest[] = [];
  let failures = { n: 0, status: 503 };
  const gate = new AnswerGate();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const record: StubHaochaRequest = { method: req.method ?? '', status: 0 };
    requests.push(record);
    const answer = (status: number, payload: Record<string, unknown>) => {
      record.status = status;
      if (typeof payload['code'] === 'string') record.code = payload['code'];
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(payload));
    };
    if (failures.n > 0) {
      failures = { ...failures, n: failures.n - 1 };
      return answer(failures.status, { code: 'SYSTEM_ERROR', message: '系统繁忙' });
    }
    if (req.method !== 'POST') return answer(405, { code: 'METHOD_NOT_ALLOWED', message: 'POST only' });
    const problem = signedRequestProblem(req, body, { appKey: appId, secret }, nonces, realTime.now().getTime(), SKEW_S);
    if (problem === 'nonce_used') return answer(401, { code: 'NONCE_USED', message: '请求已使用' });
    if (problem) return answer(401, { code: problem.toUpperCase(), message: '签名校验失败' });
    let push: { id?: unknown; kind?: unknown; occurredAt?: unknown; data?: unknown };
    try {
      push = JSON.parse(body) as typeof push;
    } catch {
      return answer(400, { code: 'BAD_JSON', message: '请求体不是JSON' });
    }
    if (typeof push.id !== 'string' || push.id.length === 0 || push.id.length > 64) return answer(400, { code: 'BAD_ID', message: 'id 无效' });
    record.id = push.id;
    if (typeof push.kind !== 'string' || !KINDS.includes(push.kind)) return answer(400, { code: 'BAD_KIND', message: 'kind 无效' });
    if (typeof push.occurredAt !== 'string' || Number.isNaN(Date.parse(push.occurredAt))) return answer(400, { code: 'BAD_TIME', message: 'occurredAt 无效' });
    if (typeof push.data !== 'object' || push.data === null || Array.isArray(push.data)) return answer(400, { code: 'BAD_DATA', message: 'data 无效' });
    const known = byId.get(push.id);
    if (known) known.requests++;
    else byId.set(push.id, { id: push.id, kind: push.kind, occurredAt: push.occurredAt, data: push.data as Record<string, unknown>, requests: 1 });
    await gate.pass();
    answer(200, { code: '0', message: 'ok', duplicate: known !== undefined });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/haocha/v1/records`,
    appId,
    secret,
    requests,
    records: () => [...byId.values()],
    failNext: (n, status = 503) => {
      failures = { n, status };
    },
    holdAnswers: () => gate.hold(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
