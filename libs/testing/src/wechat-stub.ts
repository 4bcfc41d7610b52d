/**
 * A local stand-in for the WeChat official-account API, for the tests: the calls the notification service's
 * `WechatTemplateProvider` makes (apps/notification/src/providers/wechat/). It hands out access_tokens for the right
 * appid and secret (`GET /cgi-bin/token`), refuses template sends without a current token (40001, or 42001 once
 * expired), is idempotent by `client_msg_id` (a repeat answers the same msgid and is not a second message), refuses
 * unfollowed users (43004) and malformed openids (40003), and misbehaves on demand (45009 quota, -1 busy, 5xx,
 * answers held past the caller's timeout). It plays WeChat's side of receipts: TEMPLATESENDJOBFINISH event pushes
 * signed in the URL, `signature = sha1(sort(token, timestamp, nonce))`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import { Clock } from '@yichuang/platform';
import { AnswerGate } from './answer-gate.js';

export interface StubTemplateMessage {
  msgid: string;
  touser: string;
  templateId: string;
  clientMsgId: string;
  data: Record<string, { value: string }>;
  /** how many sends carried this client_msg_id (1 + repeats) */
  requests: number;
}

export interface WechatStubRequest {
  method: string;
  path: string;
  status: number;
  errcode?: number;
}

/** A push as the gateway passes it on to the provider: query parameters as `x-wechat-*` headers, the exact XML body. */
export interface WechatPush {
  query: { signature: string; timestamp: string; nonce: string };
  headers: Record<string, string>;
  rawBody: string;
}

export interface WechatPushTamper {
  nonce?: string;
  timestampMs?: number;
  token?: string;
  body?: string;
}

export interface WechatStub {
  /** WECHAT_API_URL */
  url: string;
  appId: string;
  secret: string;
  /** WECHAT_CALLBACK_TOKEN */
  callbackToken: string;
  templateId: string;
  readonly requests: WechatStubRequest[];
  /** how many tokens were handed out */
  tokensIssued(): number;
  /** the distinct template messages, one per client_msg_id */
  messages(): StubTemplateMessage[];
  /** every token handed out so far answers 40001 (invalid credential) from now on */
  invalidateTokens(): void;
  /** every token handed out so far answers 42001 (expired) from now on */
  expireTokens(): void;
  /** the user no longer follows the account: sends to them answer 43004 */
  unsubscribe(openid: string): void;
  /** the next `n` sends answer `errcode` (45009: daily quota, -1: system busy) */
  refuseNext(n: number, errcode: number): void;
  /** the next `n` requests (token or send) answer HTTP `status` (default 503) */
  failNext(n: number, status?: number): void;
  /** hold the answer of every send (the message is accepted first) until the returned function is called */
  holdAnswers(): () => void;
  /** the XML event WeChat pushes when a template message finished: `success`, `failed:user block`, `failed: system failed` */
  jobFinished(message: StubTemplateMessage, status?: string): string;
  /** a signed push of `xml` as the gateway passes it on; `tamper` breaks it on purpose */
  signedPush(xml: string, tamper?: WechatPushTamper): WechatPush;
  /** POST a signed push to `url` (the gateway's `/api/v1/callbacks/wechat`), the signature in the query string */
  push(url: string, xml: string, tamper?: WechatPushTamper): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

const OPENID = /^o[A-Za-z0-9_-]{27}$/;

export async function startWechatStub(opts: { appId?: string; secret?: string; callbackToken?: string; templateId?: string; expiresIn?: number } = {}): Promise<WechatStub> {
  const appId = opts.appId ?? 'wx0123456789abcdef';
  const secret = opts.secret ?? 'wechat-stub-secret-for-tests-0123';
  const callbackToken = opts.callbackToken ?? 'yichuangpush';
  const templateId = opts.templateId ?? 'TPL-bjjdtz-0001';
  const realTime = new Clock();
  const tokens = new Map<string, 'valid' | 'invalid' | 'expired'>();
  const byClientMsgId = new Map<string, StubTemplateMessage>();
  const unsubscribed = new Set<string>();
  const requests: WechatStubRequest[] = [];
  let refusals = { n: 0, errcode: 45009 };
  let failures = { n: 0, status: 503 };
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
    const url = new URL(req.url ?? '/', 'http://stub');
    const record: WechatStubRequest = { method: req.method ?? '', path: url.pathname, status: 0 };
    requests.push(record);
    const answer = (payload: Record<string, unknown>, status = 200, raw?: string) => {
      record.status = status;
      if (typeof payload['errcode'] === 'number') record.errcode = payload['errcode'];
      res.writeHead(status, { 'content-type': 'application/json; encoding=utf-8' });
      res.end(raw ?? JSON.stringify(payload));
    };
    if (failures.n > 0) {
      failures = { ...failures, n: failures.n - 1 };
      return answer({}, failures.status, '<html>bad gateway</html>');
    }
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('grant_type') !== 'client_credential') return answer({ errcode: 40002, errmsg: 'invalid grant_type' });
      if (url.searchParams.get('appid') !== appId) return answer({ errcode: 40013, errmsg: 'invalid appid' });
      if (url.searchParams.get('secret') !== secret) return answer({ errcode: 40125, errmsg: 'invalid appsecret' });
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, 'valid');
      return answer({ access_token: token, expires_in: opts.expiresIn ?? 7200 });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/template/send') {
      const state = tokens.get(url.searchParams.get('access_token') ?? '');
      if (state === 'expired') return answer({ errcode: 42001, errmsg: 'access_token expired' });
      if (state !== 'valid') return answer({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' });
      let msg: { touser?: unknown; template_id?: unknown; client_msg_id?: unknown; data?: unknown };
      try {
        msg = JSON.parse(body) as typeof msg;
      } catch {
        return answer({ errcode: 47001, errmsg: 'data format error' });
      }
      const touser = typeof msg.touser === 'string' ? msg.touser : '';
      if (!OPENID.test(touser)) return answer({ errcode: 40003, errmsg: 'invalid openid' });
      if (typeof msg.template_id !== 'string' || !msg.template_id) return answer({ errcode: 40037, errmsg: 'invalid template_id' });
      if (typeof msg.data !== 'object' || msg.data === null) return answer({ errcode: 47003, errmsg: 'argument invalid! data is empty' });
      if (unsubscribed.has(touser)) return answer({ errcode: 43004, errmsg: 'require subscribe' });
      if (refusals.n > 0) {
        refusals = { ...refusals, n: refusals.n - 1 };
        return answer({ errcode: refusals.errcode, errmsg: refusals.errcode === 45009 ? 'reach max api daily quota limit' : 'system error' });
      }
      const clientMsgId = typeof msg.client_msg_id === 'string' ? msg.client_msg_id : '';
      let known = clientMsgId ? byClientMsgId.get(clientMsgId) : undefined;
      if (known) known.requests++;
      else {
        // msgids beyond 2^53, as WeChat's are nowadays
        known = { msgid: `29124765363932${String(++seq).padStart(5, '0')}`, touser, templateId: msg.template_id, clientMsgId, data: msg.data as StubTemplateMessage['data'], requests: 1 };
        byClientMsgId.set(clientMsgId || known.msgid, known);
      }
      await gate.pass();
      return answer({}, 200, `{"errcode":0,"errmsg":"ok","msgid":${known.msgid}}`);
    }
    return answer({ errcode: 404, errmsg: 'not found' }, 404);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const signedPush = (xml: string, tamper: WechatPushTamper = {}): WechatPush => {
    const timestamp = String(Math.floor((tamper.timestampMs ?? realTime.now().getTime()) / 1000));
    const nonce = tamper.nonce ?? String(1_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
    const signature = createHash('sha1')
      .update([tamper.token ?? callbackToken, timestamp, nonce].sort().join(''), 'utf8')
      .digest('hex');
    return {
      query: { signature, timestamp, nonce },
      headers: { 'content-type': 'text/xml', 'x-wechat-signature': signature, 'x-wechat-timestamp': timestamp, 'x-wechat-nonce': nonce },
      rawBody: tamper.body ?? xml,
    };
  };

  return {
    url: `http://127.0.0.1:${port}`,
    appId,
    secret,
    callbackToken,
    templateId,
    requests,
    tokensIssued: () => tokens.size,
    messages: () => [...byClientMsgId.values()],
    invalidateTokens: () => {
      for (const t of tokens.keys()) tokens.set(t, 'invalid');
    },
    expireTokens: () => {
      for (const t of tokens.keys()) tokens.set(t, 'expired');
    },
    unsubscribe: (openid) => {
      unsubscribed.add(openid);
    },
    refuseNext: (n, errcode) => {
      refusals = { n, errcode };
    },
    failNext: (n, status = 503) => {
      failures = { n, status };
    },
    holdAnswers: () => gate.hold(),
    jobFinished: (message, status = 'success') =>
      [
        '<xml>',
        '<ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>',
        `<FromUserName><![CDATA[${message.touser}]]></FromUserName>`,
        `<CreateTime>${Math.floor(realTime.now().getTime() / 1000)}</CreateTime>`,
        '<MsgType><![CDATA[event]]></MsgType>',
        '<Event><![CDATA[TEMPLATESENDJOBFINISH]]></Event>',
        `<MsgID>${message.msgid}</MsgID>`,
        `<Status><![CDATA[${status}]]></Status>`,
        '</xml>',
      ].join('\n'),
    signedPush,
    push: async (url, xml, tamper = {}) => {
      const p = signedPush(xml, tamper);
      const q = new URLSearchParams({ ...p.query, openid: 'oABCDEFGHIJKLMNOPQRSTUVWXYZa' });
      const res = await fetch(`${url}?${q.toString()}`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: p.rawBody });
      return { status: res.status, text: await res.text() };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
