/**
 * A local stand-in for the provincial platforms the exchange service reports to (apps/exchange): the 政务服务网
 * (`/zwfw/records`), the 工程建设项目审批管理系统 (`/gcjs/records`) and its 电子监察 (`/dzjc/records`), for the tests. Each checks every request as
 * such a platform would (app id, timestamp within the skew, nonce never seen, HMAC-SHA256 of the exact body —
 * libs/platform's signing), validates the record (field names by the counterpart's mapping), is idempotent by our
 * `id` (the same id twice is accepted and counted once), lists the ids it holds of a day, and misbehaves on demand:
 * 5xx answers, answers held (the record is taken first, so a caller killed meanwhile never learns it was), down
 * (connections dropped), a record lost after it was taken (what the reconciliation must find).
 *
 * | call | request | answer |
 * |---|---|---|
 * | push | `POST /{counterpart}/records` `{id, caseNo, milestone, occurredAt, data}` | `200 {code: "0", duplicate}`; `400` invalid; `401` unsigned or signed wrongly |
 * | list | `GET /{counterpart}/records?date=YYYY-MM-DD` | `200 {code: "0", ids}`: the records whose `occurredAt` falls on that day in China |
 * | project | `GET /tzxm/projects?code=…` (投资项目在线审批监管平台) | `200 {code: "0", project: {name, owner, location, stage}}`; `404` a code not registered (`addProject`) |
 * | file | `GET /zwfw/files/{name}` (the 政务服务网's files of a pushed application) | `200` the bytes (`addFile`); `404` none |
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { chinaToday } from '@yichuang/domain';
import { Clock } from '@yichuang/platform';
import { signedRequestProblem } from './signed-request.js';
import { AnswerGate } from './answer-gate.js';

export type StubCounterpart = 'zwfw' | 'gcjs' | 'dzjc';

/** One record a counterpart holds (one per id). */
export interface StubProvinceRecord {
  id: string;
  caseNo: string;
  milestone: string;
  occurredAt: string;
  data: Record<string, unknown>;
  /** how many requests carried this id (1 + repeats) */
  requests: number;
  /** order of first arrival at this counterpart, from 1 */
  arrival: number;
}

export interface ProvinceStub {
  /** the records endpoint of each counterpart (PROVINCE_ZWFW_URL, PROVINCE_GCJS_URL) */
  url: Record<StubCounterpart, string>;
  appId: string;
  secret: string;
  /** the records a counterpart holds, in order of first arrival */
  records(counterpart: StubCounterpart): StubProvinceRecord[];
  /** pushes answered so far (any status) */
  readonly requests: { counterpart: string; method: string; status: number; id?: string }[];
  /** the next `n` requests answer `status` (default 503) without doing anything */
  failNext(n: number, status?: number): void;
  /** hold the answer of every push (the record is taken first) until the returned function is called */
  holdAnswers(): () => void;
  /** every connection dropped at once until the returned function is called: the platform is down */
  down(): () => void;
  /** the project register's endpoint (PROVINCE_TZXM_URL) */
  projectsUrl: string;
  /** register a project at the 投资项目在线审批监管平台 */
  addProject(code: string, project: { name: string; owner: string; location: string; stage?: number }): void;
  /** where the 政务服务网 serves the files of the applications it pushes (PROVINCE_ZWFW_FILES_URL) */
  filesUrl: string;
  /** serve a file (signed GET) at the returned URL */
  addFile(name: string, bytes: Buffer): string;
  /** the counterpart loses a record it took (it answered 200 and no longer has it) */
  lose(counterpart: StubCounterpart, id: string): void;
  close(): Promise<void>;
}

const SKEW_S = 300;
const COUNTERPARTS: StubCounterpart[] = ['zwfw', 'gcjs', 'dzjc'];
const MILESTONES = ['accepted', 'suspended', 'resumed', 'item_decided', 'decided', 'issued', 'handed_over', 'alarm_raised', 'alarm_cleared'];

/** the day in China of an instant */
const chinaDay = (iso: string) => chinaToday(new Date(iso));

export async function startProvinceStub(opts: { appId?: string; secret?: string; fields?: Partial<Record<StubCounterpart, Record<string, string>>> } = {}): Promise<ProvinceStub> {
  const appId = opts.appId ?? 'xinxian-yichuang-test';
  const secret = opts.secret ?? 'province-stub-secret-for-tests';
  const realTime = new Clock();
  const held = { zwfw: new Map<string, StubProvinceRecord>(), gcjs: new Map<string, StubProvinceRecord>(), dzjc: new Map<string, StubProvinceRecord>() };
  const arrivals = { zwfw: 0, gcjs: 0, dzjc: 0 };
  const nonces = new Set<string>();
  const requests: ProvinceStub['requests'] = [];
  let failures = { n: 0, status: 503 };
  let isDown = false;
  const sockets = new Set<Socket>();
  const gate = new AnswerGate();
  const projects = new Map<string, { name: string; owner: string; location: string; stage?: number }>();
  const files = new Map<string, Buffer>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (s) => {
    if (isDown) {
      s.destroy();
      return;
    }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const counterpart = COUNTERPARTS.find((c) => url.pathname === `/${c}/records`);
    const entry: ProvinceStub['requests'][number] = { counterpart: counterpart ?? url.pathname, method: req.method ?? '', status: 0 };
    requests.push(entry);
    const answer = (status: number, payload: Record<string, unknown>) => {
      entry.status = status;
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(payload));
    };
    const file = url.pathname.startsWith('/zwfw/files/') ? decodeURIComponent(url.pathname.slice('/zwfw/files/'.length)) : undefined;
    if (!counterpart && url.pathname !== '/tzxm/projects' && file === undefined) return answer(404, { code: 'NOT_FOUND', message: '接口不存在' });
    if (failures.n > 0) {
      failures = { ...failures, n: failures.n - 1 };
      return answer(failures.status, { code: 'SYSTEM_ERROR', message: '系统繁忙' });
    }
    const problem = signedRequestProblem(req, body, { appKey: appId, secret }, nonces, realTime.now().getTime(), SKEW_S);
    if (problem === 'nonce_used') return answer(401, { code: 'NONCE_USED', message: '请求已使用' });
    if (problem) return answer(401, { code: problem.toUpperCase(), message: '签名校验失败' });
    if (file !== undefined) {
      const bytes = files.get(file);
      if (!bytes) return answer(404, { code: 'FILE_NOT_FOUND', message: '文件不存在' });
      entry.status = 200;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
      res.end(bytes);
      return;
    }
    if (!counterpart) {
      const project = projects.get(url.searchParams.get('code') ?? '');
      return project ? answer(200, { code: '0', project }) : answer(404, { code: 'PROJECT_NOT_FOUND', message: '项目代码未登记' });
    }

    if (req.method === 'GET') {
      const date = url.searchParams.get('date') ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return answer(400, { code: 'BAD_DATE', message: 'date 无效' });
      return answer(200, { code: '0', ids: [...held[counterpart].values()].filter((r) => chinaDay(r.occurredAt) === date).map((r) => r.id) });
    }
    if (req.method !== 'POST') return answer(405, { code: 'METHOD_NOT_ALLOWED', message: 'GET or POST' });
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(body) as Record<string, unknown>;
    } catch {
      return answer(400, { code: 'BAD_JSON', message: '请求体不是JSON' });
    }
    const names = opts.fields?.[counterpart] ?? {};
    const field = (ours: string) => raw[names[ours] ?? ours];
    const [id, caseNo, milestone, occurredAt, data] = ['id', 'caseNo', 'milestone', 'occurredAt', 'data'].map(field);
    if (typeof id !== 'string' || id.length === 0 || id.length > 80) return answer(400, { code: 'BAD_ID', message: 'id 无效' });
    entry.id = id;
    if (typeof caseNo !== 'string' || !caseNo) return answer(400, { code: 'BAD_CASE', message: '办件编号无效' });
    if (typeof milestone !== 'string' || !MILESTONES.includes(milestone)) return answer(400, { code: 'BAD_MILESTONE', message: '环节无效' });
    if (typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt))) return answer(400, { code: 'BAD_TIME', message: '发生时间无效' });
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return answer(400, { code: 'BAD_DATA', message: 'data 无效' });
    const known = held[counterpart].get(id);
    if (known) known.requests++;
    else held[counterpart].set(id, { id, caseNo, milestone, occurredAt, data: data as Record<string, unknown>, requests: 1, arrival: ++arrivals[counterpart] });
    await gate.pass();
    answer(200, { code: '0', message: 'ok', duplicate: known !== undefined });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: { zwfw: `${base}/zwfw/records`, gcjs: `${base}/gcjs/records`, dzjc: `${base}/dzjc/records` },
    projectsUrl: `${base}/tzxm/projects`,
    filesUrl: `${base}/zwfw/files`,
    addFile: (name, bytes) => {
      files.set(name, bytes);
      return `${base}/zwfw/files/${encodeURIComponent(name)}`;
    },
    addProject: (code, project) => {
      projects.set(code, project);
    },
    appId,
    secret,
    requests,
    records: (c) => [...held[c].values()].sort((a, b) => a.arrival - b.arrival),
    failNext: (n, status = 503) => {
      failures = { n, status };
    },
    holdAnswers: () => gate.hold(),
    down: () => {
      isDown = true;
      for (const s of sockets) s.destroy();
      return () => {
        isDown = false;
      };
    },
    lose: (c, id) => {
      held[c].delete(id);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
