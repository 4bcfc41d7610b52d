/**
 * A local stand-in for an HTTP SMS platform (Aliyun dysms / Tencent SMS style), for the tests: the signed JSON API
 * the notification service's `HttpSmsProvider` speaks (apps/notification/src/providers/http/). It checks every
 * request as the platform would (AccessKeyId, timestamp within the skew, nonce never seen, HMAC-SHA256 of the exact
 * body — libs/platform's signing), validates the body (a mainland mobile number, the signature name, a template
 * code, TemplateParam a JSON object string), is idempotent by `OutId` (a repeat answers the same BizId and is not a
 * second SMS), and misbehaves on demand: throttling, 5xx, answers held past the caller's timeout, a connection
 * dropped after the request arrived, blocked or invalid numbers. It plays the platform's side of receipts too:
 * signed pushes of `[{phone_number, success, err_code, err_msg, biz_id, out_id, report_time}]`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Clock, signedHeaders } from '@yichuang/platform';
import { signedRequestProblem } from './signed-request.js';
import { AnswerGate } from './answer-gate.js';

/** One SMS the platform accepted (one per OutId). */
export interface StubSms {
  bizId: string;
  phone: string;
  signName: string;
  templateCode: string;
  params: Record<string, string>;
  outId: string;
  /** how many requests carried this OutId (1 + repeats) */
  requests: number;
}

export interface StubSmsRequest {
  method: string;
  path: string;
  /** the answer's HTTP status (0: the connection was dropped or the answer is still held) */
  status: number;
  code?: string;
  outId?: string;
}

/** A receipt as the platform pushes it. */
export interface StubSmsReceipt {
  phone_number: string;
  success: boolean;
  err_code: string;
  err_msg: string;
  biz_id: string;
  out_id?: string;
  report_time: string;
  send_time?: string;
}

export interface SignedCallback {
  headers: Record<string, string>;
  rawBody: string;
}

export interface SmsHttpStub {
  /** the send endpoint (SMS_HTTP_URL) */
  url: string;
  accessKeyId: string;
  secret: string;
  signName: string;
  /** every request in order */
  readonly requests: StubSmsRequest[];
  /** the distinct SMS accepted, one per OutId */
  sms(): StubSms[];
  /** the next `n` sends answer `isv.BUSINESS_LIMIT_CONTROL` (with `status`, default 200; 429 adds Retry-After: 1) */
  throttleNext(n: number, status?: number): void;
  /** the next `n` requests answer `status` (default 503) without doing anything */
  failNext(n: number, status?: number): void;
  /** hold the answer of every send (the SMS is accepted first) until the returned function is called */
  holdAnswers(): () => void;
  /** the next `n` sends are accepted, then the connection is destroyed without an answer */
  dropNext(n: number): void;
  /** sends to `phone` are refused with `code` (default `isv.BLACK_KEY_CONTROL_LIMIT`) */
  block(phone: string, code?: string): void;
  /** a receipt for an accepted SMS: delivered, or failed with the carrier's code */
  receiptFor(sms: StubSms, outcome?: { success?: boolean; errCode?: string; errMsg?: string; reportTime?: string }): StubSmsReceipt;
  /** the headers and exact body of a signed push, as the gateway passes them on; `tamper` breaks it on purpose */
  signedCallback(receipts: StubSmsReceipt[], tamper?: CallbackTamper): SignedCallback;
  /** sign and POST a push to `url` (the gateway's `/api/v1/callbacks/http`) */
  push(url: string, receipts: StubSmsReceipt[], tamper?: CallbackTamper): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

export interface CallbackTamper {
  nonce?: string;
  timestampMs?: number;
  secret?: string;
  /** sent instead of the signed body */
  body?: string;
}

const SKEW_S = 300;
const MOBILE = /^1[3-9]\d{9}$/;

export async function startSmsHttpStub(opts: { accessKeyId?: string; secret?: string; signName?: string } = {}): Promise<SmsHttpStub> {
  const accessKeyId = opts.accessKeyId ?? 'LTAI-yichuang-test';
  const secret = opts.secret ?? 'sms-stub-secret-for-tests';
  const signName = opts.signName ?? '新县政务服务中心';
  const realTime = new Clock();
  const byOutId = new Map<string, StubSms>();
  const nonces = new Set<string>();
  const requests: StubSmsRequest[] = [];
  const blocked = new Map<string, string>();
  let throttle = { n: 0, status: 200 };
  let failures = { n: 0, status: 503 };
  let drops = 0;
  const gate = new AnswerGate();
  let seq = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const record: StubSmsRequest = { method: req.method ?? '', path, status: 0 };
    requests.push(record);
    const answer = (status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}) => {
      record.status = status;
      if (typeof payload['Code'] === 'string') record.code = payload['Code'];
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify({ RequestId: randomUUID(), ...payload }));
    };
    if (failures.n > 0) {
      failures = { ...failures, n: failures.n - 1 };
      return answer(failures.status, { Code: 'isp.SYSTEM_ERROR', Message: 'service unavailable' });
    }
    if (req.method === 'HEAD' || req.method === 'GET') return answer(200, { Code: 'OK' });
    if (req.method !== 'POST') return answer(405, { Code: 'MethodNotAllowed' });
    const problem = signedRequestProblem(req, body, { appKey: accessKeyId, secret }, nonces, realTime.now().getTime(), SKEW_S);
    if (problem === 'unknown_app_key') return answer(401, { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' });
    if (problem === 'bad_timestamp' || problem === 'stale_timestamp') return answer(400, { Code: 'InvalidTimeStamp.Expired', Message: 'Specified time stamp or date value is expired.' });
    if (problem === 'bad_signature') return answer(400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' });
    if (problem === 'nonce_used') return answer(400, { Code: 'SignatureNonceUsed', Message: 'Specified signature nonce was used already.' });

    let sms: { PhoneNumbers?: unknown; SignName?: unknown; TemplateCode?: unknown; TemplateParam?: unknown; OutId?: unknown };
    try {
      sms = JSON.parse(body) as typeof sms;
    } catch {
      return answer(400, { Code: 'isv.INVALID_PARAMETERS', Message: 'body is not JSON' });
    }
    const outId = typeof sms.OutId === 'string' ? sms.OutId : '';
    if (outId) record.outId = outId;
    const phone = typeof sms.PhoneNumbers === 'string' ? sms.PhoneNumbers : '';
    if (!MOBILE.test(phone)) return answer(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' });
    if (sms.SignName !== signName) return answer(200, { Code: 'isv.SMS_SIGNATURE_ILLEGAL', Message: '短信签名不合法' });
    if (typeof sms.TemplateCode !== 'string' || !sms.TemplateCode) return answer(200, { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '短信模版不合法' });
    let params: Record<string, string>;
    try {
      params = JSON.parse(String(sms.TemplateParam)) as Record<string, string>;
      if (typeof params !== 'object' || params === null || Array.isArray(params)) throw new Error('not an object');
    } catch {
      return answer(200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法，只接受字符串值' });
    }
    const block = blocked.get(phone);
    if (block) return answer(200, { Code: block, Message: block === 'isv.MOBILE_NUMBER_ILLEGAL' ? '非法手机号' : '黑名单管控' });
    if (throttle.n > 0) {
      throttle = { ...throttle, n: throttle.n - 1 };
      return answer(throttle.status, { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' }, throttle.status === 429 ? { 'retry-after': '1' } : {});
    }
    let known = outId ? byOutId.get(outId) : undefined;
    if (known) known.requests++;
    else {
      known = { bizId: `${900000 + ++seq}^${Math.floor(realTime.now().getTime() / 1000)}`, phone, signName, templateCode: sms.TemplateCode, params, outId, requests: 1 };
      byOutId.set(outId || known.bizId, known);
    }
    if (drops > 0) {
      drops--;
      res.socket?.destroy();
      return;
    }
    await gate.pass();
    return answer(200, { Code: 'OK', Message: 'OK', BizId: known.bizId });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const signedCallback = (receipts: StubSmsReceipt[], tamper: CallbackTamper = {}): SignedCallback => {
    const body = JSON.stringify(receipts);
    const nonce = tamper.nonce ?? randomUUID().replace(/-/g, '');
    const headers = signedHeaders(accessKeyId, tamper.secret ?? secret, body, tamper.timestampMs ?? realTime.now().getTime(), nonce);
    return { headers: { ...headers, 'content-type': 'application/json' }, rawBody: tamper.body ?? body };
  };

  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    accessKeyId,
    secret,
    signName,
    requests,
    sms: () => [...byOutId.values()],
    throttleNext: (n, status = 200) => {
      throttle = { n, status };
    },
    failNext: (n, status = 503) => {
      failures = { n, status };
    },
    holdAnswers: () => gate.hold(),
    dropNext: (n) => {
      drops = n;
    },
    block: (phone, code = 'isv.BLACK_KEY_CONTROL_LIMIT') => {
      blocked.set(phone, code);
    },
    receiptFor: (sms, outcome = {}) => {
      const success = outcome.success ?? true;
      return {
        phone_number: sms.phone,
        success,
        err_code: success ? 'DELIVERED' : (outcome.errCode ?? 'UNDELIV'),
        err_msg: success ? '用户接收成功' : (outcome.errMsg ?? '失败'),
        biz_id: sms.bizId,
        out_id: sms.outId,
        report_time: outcome.reportTime ?? '2026-11-26 10:00:05',
        send_time: '2026-11-26 10:00:00',
      };
    },
    signedCallback,
    push: async (url, receipts, tamper = {}) => {
      const { headers, rawBody } = signedCallback(receipts, tamper);
      const res = await fetch(url, { method: 'POST', headers, body: rawBody });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: res.status, body: parsed };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
