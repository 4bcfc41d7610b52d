/**
 * A local stand-in for the post's open platform (EMS), for the tests: the HTTP JSON API the certificate service's
 * `HttpEmsProvider` speaks (apps/certificate/src/mailing/http-ems-provider.ts), checking every request's signature as
 * the post would (app key, timestamp within the skew, nonce never seen, HMAC-SHA256 of the exact body), idempotent by
 * the client reference (our shipment id), and able to misbehave on demand (5xx, slow answers, refusals). It also plays
 * the post's side of tracking: events a poll can read, and signed callbacks pushed to our webhook.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt, randomUUID } from 'node:crypto';
import { Clock, signedHeaders } from '@yichuang/platform';
import { signedRequestProblem } from './signed-request.js';
import { AnswerGate } from './answer-gate.js';

export interface StubShipment {
  waybillNo: string;
  clientReference: string;
  recipient: { name: string; phone: string; address: string };
  contents: { no: string; name: string }[];
  createdAt: string;
}

export interface StubTrackingEvent {
  eventId: string;
  waybillNo: string;
  clientReference?: string;
  status: 'accepted' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'returned';
  at: string;
  location?: string;
  description?: string;
}

export interface StubRequest {
  method: string;
  path: string;
  status: number;
  signed: boolean;
}

export interface EmsStub {
  url: string;
  appKey: string;
  secret: string;
  /** every request, in order, with the answer's status */
  readonly requests: StubRequest[];
  /** the shipments the post holds, one per client reference */
  shipments(): StubShipment[];
  /** the next `n` requests (any call) answer `status` (default 503) without doing anything */
  failNext(n: number, status?: number): void;
  /** hold every create until the returned function is called (the answer is sent after the shipment is made) */
  holdCreates(): () => void;
  /** creates for an address containing `text` are refused with 400 */
  refuseAddressesContaining(text: string): void;
  /** a tracking event the poll will read (`GET …/events`) */
  addEvent(e: StubTrackingEvent): void;
  /** sign and POST a tracking callback to `url`, as the post does; `tamper` breaks it on purpose */
  push(url: string, events: StubTrackingEvent[], tamper?: { nonce?: string; timestampMs?: number; secret?: string; body?: string }): Promise<{ status: number; body: unknown; nonce: string }>;
  close(): Promise<void>;
}

const SKEW_S = 300;

export async function startEmsStub(opts: { appKey?: string; secret?: string } = {}): Promise<EmsStub> {
  const appKey = opts.appKey ?? 'yichuang-test';
  const secret = opts.secret ?? 'ems-stub-secret-for-tests';
  const realTime = new Clock();
  const byReference = new Map<string, StubShipment>();
  const events: StubTrackingEvent[] = [];
  const nonces = new Set<string>();
  const requests: StubRequest[] = [];
  let failures: { n: number; status: number } = { n: 0, status: 503 };
  const gate = new AnswerGate();
  let refuse: string | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://stub');
    const answer = (status: number, payload: unknown, signed = true) => {
      requests.push({ method: req.method ?? '', path: url.pathname, status, signed });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const problem = signedRequestProblem(req, body, { appKey, secret }, nonces, realTime.now().getTime(), SKEW_S);
    if (problem) return answer(401, { code: 'UNAUTHORIZED', problem: problem === 'nonce_used' ? 'replayed nonce' : problem }, false);
    if (failures.n > 0) {
      failures = { ...failures, n: failures.n - 1 };
      return answer(failures.status, { code: 'UNAVAILABLE' });
    }
    if (req.method === 'POST' && url.pathname === '/v1/waybills') {
      const order = JSON.parse(body) as { clientReference: string; recipient: StubShipment['recipient']; contents: StubShipment['contents'] };
      if (refuse && order.recipient.address.includes(refuse)) return answer(400, { code: 'BAD_ADDRESS', message: 'address not deliverable' });
      let s = byReference.get(order.clientReference);
      if (!s) {
        s = { waybillNo: s10(), clientReference: order.clientReference, recipient: order.recipient, contents: order.contents, createdAt: realTime.now().toISOString() };
        byReference.set(order.clientReference, s);
      }
      await gate.pass();
      return answer(201, { waybillNo: s.waybillNo, clientReference: s.clientReference });
    }
    if (req.method === 'GET' && url.pathname === '/v1/waybills') {
      const s = byReference.get(url.searchParams.get('clientReference') ?? '');
      return s ? answer(200, { waybillNo: s.waybillNo, clientReference: s.clientReference }) : answer(404, { code: 'NOT_FOUND' });
    }
    const m = /^\/v1\/waybills\/([^/]+)\/events$/.exec(url.pathname);
    if (req.method === 'GET' && m) {
      const waybillNo = decodeURIComponent(m[1] ?? '');
      return answer(200, { events: events.filter((e) => e.waybillNo === waybillNo) });
    }
    return answer(404, { code: 'NOT_FOUND' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    appKey,
    secret,
    requests,
    shipments: () => [...byReference.values()],
    failNext: (n, status = 503) => {
      failures = { n, status };
    },
    holdCreates: () => gate.hold(),
    refuseAddressesContaining: (text) => {
      refuse = text;
    },
    addEvent: (e) => {
      events.push(e);
    },
    push: async (url, evs, tamper = {}) => {
      const body = JSON.stringify({ events: evs });
      const nonce = tamper.nonce ?? randomUUID().replace(/-/g, '');
      const headers = signedHeaders(appKey, tamper.secret ?? secret, body, tamper.timestampMs ?? realTime.now().getTime(), nonce);
      const res = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: tamper.body ?? body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed, nonce };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A UPU S10 waybill number as EMS gives them: EA + 8 digits + check digit + CN. */
function s10(): string {
  const digits = String(randomInt(0, 100_000_000)).padStart(8, '0');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...digits].reduce((n, d, i) => n + Number(d) * (weights[i] ?? 0), 0);
  const c = 11 - (sum % 11);
  return `EA${digits}${c === 10 ? 0 : c === 11 ? 5 : c}CN`;
}
