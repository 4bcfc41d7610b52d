import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { maskPii } from '@yichuang/domain';
import { Clock } from '@yichuang/platform';
import type { NotificationEnv } from '../../config.js';
import { CallbackRejected, MessageProvider, type CallbackResult, type OutboundMessage, type ProviderCallback, type SendResult } from '../provider.js';
import { brief, fetchFailure, maskOpenid, ReplayGuard } from '../replay-guard.js';
import { parseAnswer, pushProblem, receiptOfPush, sendBody, sendResultOf, TOKEN_ERRCODES, WECHAT_HEADERS, xmlFields } from './wechat-protocol.js';

/** The settings this provider reads (NotificationEnv's WECHAT_*, the send timeout, the hall's phone). */
export type WechatSettings = Pick<
  NotificationEnv,
  'WECHAT_API_URL' | 'WECHAT_APP_ID' | 'WECHAT_APP_SECRET' | 'WECHAT_TEMPLATE_ID' | 'WECHAT_CALLBACK_TOKEN' | 'SMS_SEND_TIMEOUT_MS' | 'HALL_PHONE'
>;

/** How far a push's timestamp may be from our real time (either way). */
export const WECHAT_PUSH_SKEW_S = 300;

/** A token is used until this long before WeChat says it expires (at most half its life). */
const TOKEN_MARGIN_S = 300;

class TokenUnavailable extends Error {}

/**
 * WeChat official-account template messages (the `wechat` channel, `WECHAT_API_URL` set):
 *
 * - access_token: `GET {WECHAT_API_URL}/cgi-bin/token?grant_type=client_credential&appid=…&secret=…`, cached until
 *   `TOKEN_MARGIN_S` before its `expires_in` (one fetch at a time), fetched again once when a send answers
 *   40001/40014/42001 (invalid or expired token), and that send tried once more.
 * - send: `POST /cgi-bin/message/template/send?access_token=…` `{touser: openid, template_id, client_msg_id:
 *   clientRef, data}` (template_id: the template's external code, else WECHAT_TEMPLATE_ID; data: see
 *   wechat-protocol.ts `templateData`). errcode 0 + msgid → `sending`; 43004/40003/43019/40037/47003 → permanent;
 *   45009/-1/45011 → temporary with a wait; no token, no connection, HTTP 5xx → temporary; no answer within
 *   SMS_SEND_TIMEOUT_MS (one budget for token and send) or the connection lost after sending → `unknown`
 *   (WeChat keeps one message per openid and client_msg_id for ten minutes). Never throws.
 * - receipts: TEMPLATESENDJOBFINISH event pushes, see `handleCallback`.
 * - probe: a token (cached or fetched): WeChat is reachable and our credentials are good.
 *
 * The openid is personal data: logs show its first 4 characters (`oABC****`). The secret and the token are never logged.
 */
export class WechatTemplateProvider extends MessageProvider {
  readonly name = 'wechat';
  readonly channel = 'wechat' as const;
  private readonly logger = new Logger('WechatTemplateProvider');
  private readonly realTime = new Clock();
  private readonly base: string;
  private readonly appId: string;
  private readonly secret: string;
  private readonly replays = new ReplayGuard(2 * WECHAT_PUSH_SKEW_S * 1000);
  /** the cached token and until when (performance.now() ms) it is used */
  private token?: { value: string; freshUntil: number };
  private pending?: Promise<string>;

  constructor(private readonly settings: WechatSettings) {
    super();
    if (!settings.WECHAT_API_URL || !settings.WECHAT_APP_ID || !settings.WECHAT_APP_SECRET) {
      throw new Error('WECHAT_API_URL, WECHAT_APP_ID and WECHAT_APP_SECRET are required for WeChat template messages');
    }
    this.base = settings.WECHAT_API_URL.replace(/\/+$/, '');
    this.appId = settings.WECHAT_APP_ID;
    this.secret = settings.WECHAT_APP_SECRET;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    try {
      const result = await this.trySend(message);
      const said = result.status === 'sending' || result.status === 'delivered' ? result.providerMessageId : result.reason;
      this.logger.log(`wechat to ${maskOpenid(message.to)} template ${message.template} ref ${message.clientRef}: ${result.status} (${said})`);
      return result;
    } catch (err) {
      return { status: 'unknown', reason: `unexpected: ${brief(maskPii((err as Error)?.message ?? String(err)))}` };
    }
  }

  private async trySend(message: OutboundMessage): Promise<SendResult> {
    if (message.channel !== 'wechat') return { status: 'permanent_failure', reason: `the WeChat provider cannot send ${message.channel} messages` };
    const templateId = message.externalTemplateCode ?? this.settings.WECHAT_TEMPLATE_ID;
    if (!templateId) return { status: 'permanent_failure', reason: `no WeChat template for ${message.template} (WECHAT_TEMPLATE_ID is not set)` };
    const body = sendBody(message, templateId, this.settings.HALL_PHONE);
    const timeoutMs = this.settings.SMS_SEND_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeoutMs);
    for (let round = 1; ; round++) {
      let token: string;
      try {
        token = await this.accessToken(signal);
      } catch (err) {
        // nothing was sent
        return { status: 'temporary_failure', reason: `no access_token: ${err instanceof TokenUnavailable ? err.message : fetchFailure(err).code}` };
      }
      let res: Response;
      try {
        res = await fetch(`${this.base}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
          body,
          signal,
        });
      } catch (err) {
        const f = fetchFailure(err);
        if (f.kind === 'not_sent') return { status: 'temporary_failure', reason: `no connection to WeChat (${f.code})` };
        if (f.kind === 'timeout') return { status: 'unknown', reason: `no answer within ${timeoutMs} ms` };
        return { status: 'unknown', reason: `the connection was lost after the request was sent (${f.code})` };
      }
      let text: string;
      try {
        text = await res.text();
      } catch (err) {
        if (res.status >= 500) return { status: 'temporary_failure', reason: `HTTP ${res.status}` };
        const f = fetchFailure(err);
        return { status: 'unknown', reason: f.kind === 'timeout' ? `no complete answer within ${timeoutMs} ms` : `the answer was cut off (${f.code})` };
      }
      const errcode = parseAnswer(text).errcode;
      if (round === 1 && errcode !== undefined && TOKEN_ERRCODES.has(errcode)) {
        this.logger.warn(`access_token refused (errcode ${errcode}): fetching a new one`);
        this.invalidate(token);
        continue;
      }
      return sendResultOf(res.status, text);
    }
  }

  /** The cached token, or a new one (one fetch at a time; callers meanwhile wait for it). */
  private accessToken(signal: AbortSignal): Promise<string> {
    if (this.token && this.token.freshUntil > performance.now()) return Promise.resolve(this.token.value);
    this.pending ??= this.fetchToken(signal).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private invalidate(token: string): void {
    if (this.token?.value === token) this.token = undefined;
  }

  private async fetchToken(signal: AbortSignal): Promise<string> {
    const url = `${this.base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(this.appId)}&secret=${encodeURIComponent(this.secret)}`;
    const started = performance.now();
    const res = await fetch(url, { headers: { accept: 'application/json' }, signal });
    const text = await res.text();
    if (res.status !== 200) throw new TokenUnavailable(`HTTP ${res.status}`);
    let body: { access_token?: unknown; expires_in?: unknown; errcode?: unknown; errmsg?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new TokenUnavailable('the token answer is not JSON');
    }
    if (typeof body.access_token !== 'string' || !body.access_token) {
      const reason = `errcode ${String(body.errcode ?? '?')} ${brief(typeof body.errmsg === 'string' ? body.errmsg : '', 100)}`.trim();
      this.logger.error(`WeChat refused an access_token for app ${this.appId}: ${reason}`);
      throw new TokenUnavailable(reason);
    }
    const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 7200;
    const margin = Math.min(TOKEN_MARGIN_S, expiresIn / 2);
    this.token = { value: body.access_token, freshUntil: started + (expiresIn - margin) * 1000 };
    return body.access_token;
  }

  /** WeChat is reachable and gives us a token. */
  override async probe(): Promise<boolean> {
    try {
      await this.accessToken(AbortSignal.timeout(this.settings.SMS_SEND_TIMEOUT_MS));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * An event push to the account's server URL (plaintext mode), as the gateway passes it on: WeChat signs the URL,
   * `signature = sha1(sort(WECHAT_CALLBACK_TOKEN, timestamp, nonce).join(''))`, and the gateway puts the query's
   * `signature`, `timestamp`, `nonce` (and `echostr`) in the headers `x-wechat-signature`, `x-wechat-timestamp`,
   * `x-wechat-nonce` (`x-wechat-echostr`). Refused (CallbackRejected): no WECHAT_CALLBACK_TOKEN, a missing or bad
   * signature, a timestamp more than WECHAT_PUSH_SKEW_S away, a nonce seen before with another body (the signature
   * does not cover the body, so a captured URL must not carry other receipts; the same push repeated is WeChat's
   * retry and is accepted — receipts are recorded idempotently). The URL check (a GET with `echostr`, no body)
   * answers the echostr; a TEMPLATESENDJOBFINISH event gives one receipt; anything else none. Answers `success`.
   */
  override async handleCallback(callback: ProviderCallback): Promise<CallbackResult> {
    const token = this.settings.WECHAT_CALLBACK_TOKEN;
    if (!token) throw new CallbackRejected('WECHAT_CALLBACK_TOKEN is not configured');
    const problem = pushProblem(token, callback.headers, this.realTime.now().getTime(), WECHAT_PUSH_SKEW_S);
    if (problem) throw new CallbackRejected(problem);
    const echostr = callback.headers[WECHAT_HEADERS.echostr];
    if (echostr && callback.rawBody === '') return { receipts: [], status: 200, body: echostr };
    const fingerprint = createHash('sha256').update(callback.rawBody, 'utf8').digest('hex');
    if (!this.replays.remember(callback.headers[WECHAT_HEADERS.nonce] ?? '', fingerprint)) throw new CallbackRejected('replayed nonce');
    const receipt = receiptOfPush(xmlFields(callback.rawBody));
    return { receipts: receipt ? [receipt] : [], status: 200, body: 'success' };
  }
}
