import { Logger } from '@nestjs/common';
import { maskPhone, maskPii } from '@yichuang/domain';
import { Clock, signedHeaders } from '@yichuang/platform';
import type { NotificationEnv } from '../../config.js';
import { CallbackRejected, MessageProvider, type CallbackResult, type OutboundMessage, type ProviderCallback, type SendResult } from '../provider.js';
import { brief, fetchFailure, ReplayGuard } from '../replay-guard.js';
import { callbackItemsOf, callbackProblem, sendBody, sendResultOf } from './http-sms-protocol.js';

/** The settings this provider reads (NotificationEnv's SMS_HTTP_* and the send timeout). */
export type HttpSmsSettings = Pick<NotificationEnv, 'SMS_HTTP_URL' | 'SMS_HTTP_ACCESS_KEY_ID' | 'SMS_HTTP_ACCESS_KEY_SECRET' | 'SMS_HTTP_SIGN_NAME' | 'SMS_SIGNATURE' | 'SMS_SEND_TIMEOUT_MS'>;

/** How far a callback's timestamp may be from our real time (either way). */
export const HTTP_SMS_CALLBACK_SKEW_S = 300;

/**
 * An HTTP SMS platform (短信平台) in the shape of Aliyun dysms / Tencent SMS (`SMS_PROVIDERS` contains `http`):
 * one signed JSON `POST SMS_HTTP_URL` per try, `{PhoneNumbers, SignName, TemplateCode, TemplateParam, OutId}` (see
 * http-sms-protocol.ts for the body, the signature and the meaning of each answer), answered within
 * `SMS_SEND_TIMEOUT_MS`; delivery receipts come as signed callbacks (`handleCallback`).
 *
 * Outcomes: `Code: 'OK'` with a BizId → `sending`; throttling (HTTP 429, `isv.BUSINESS_LIMIT_CONTROL`) → temporary
 * with `retryAfterMs`; the number, template or signature refused → permanent naming the code; HTTP 5xx or no
 * connection made → temporary; no answer within the timeout or the connection lost after the request was written →
 * `unknown` (the platform may have it: it is idempotent by OutId and its receipt settles it). Never throws.
 *
 * `probe()` is a `HEAD` on SMS_HTTP_URL within the timeout: any answer below 500 means the platform is reachable
 * (it checks reachability, not our credentials: a refused key shows as temporary failures of sends).
 */
export class HttpSmsProvider extends MessageProvider {
  readonly name = 'http';
  readonly channel = 'sms' as const;
  private readonly logger = new Logger('HttpSmsProvider');
  /** real time for the signatures' timestamps (the service's Clock may be moved for training and tests) */
  private readonly realTime = new Clock();
  private readonly url: string;
  private readonly accessKeyId: string;
  private readonly secret: string;
  private readonly signName: string;
  private readonly replays = new ReplayGuard(2 * HTTP_SMS_CALLBACK_SKEW_S * 1000);

  constructor(private readonly settings: HttpSmsSettings) {
    super();
    if (!settings.SMS_HTTP_URL || !settings.SMS_HTTP_ACCESS_KEY_ID || !settings.SMS_HTTP_ACCESS_KEY_SECRET) {
      throw new Error('SMS_HTTP_URL, SMS_HTTP_ACCESS_KEY_ID and SMS_HTTP_ACCESS_KEY_SECRET are required for the http SMS provider');
    }
    this.url = settings.SMS_HTTP_URL;
    this.accessKeyId = settings.SMS_HTTP_ACCESS_KEY_ID;
    this.secret = settings.SMS_HTTP_ACCESS_KEY_SECRET;
    this.signName = settings.SMS_HTTP_SIGN_NAME ?? settings.SMS_SIGNATURE;
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    try {
      const result = await this.trySend(message);
      const said = result.status === 'sending' || result.status === 'delivered' ? result.providerMessageId : result.reason;
      this.logger.log(`sms to ${maskPhone(message.to)} template ${message.externalTemplateCode ?? message.template} ref ${message.clientRef}: ${result.status} (${said})`);
      return result;
    } catch (err) {
      // nothing above should throw; if it does, the request may have left
      return { status: 'unknown', reason: `unexpected: ${brief(maskPii((err as Error)?.message ?? String(err)))}` };
    }
  }

  private async trySend(message: OutboundMessage): Promise<SendResult> {
    if (message.channel !== 'sms') return { status: 'permanent_failure', reason: `the http SMS provider cannot send ${message.channel} messages` };
    const body = JSON.stringify(sendBody(message, this.signName));
    const timeoutMs = this.settings.SMS_SEND_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { ...signedHeaders(this.accessKeyId, this.secret, body, this.realTime.now().getTime()), 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
        body,
        signal,
      });
    } catch (err) {
      const f = fetchFailure(err);
      if (f.kind === 'not_sent') return { status: 'temporary_failure', reason: `no connection to the platform (${f.code})` };
      if (f.kind === 'timeout') return { status: 'unknown', reason: `no answer within ${timeoutMs} ms` };
      return { status: 'unknown', reason: `the connection was lost after the request was sent (${f.code})` };
    }
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      const f = fetchFailure(err);
      if (res.status >= 500 || res.status === 429) return { status: 'temporary_failure', reason: `HTTP ${res.status}` };
      return { status: 'unknown', reason: f.kind === 'timeout' ? `no complete answer within ${timeoutMs} ms` : `the answer was cut off (${f.code})` };
    }
    return sendResultOf({ status: res.status, retryAfter: res.headers.get('retry-after'), text });
  }

  override async probe(): Promise<boolean> {
    try {
      const res = await fetch(this.url, { method: 'HEAD', signal: AbortSignal.timeout(this.settings.SMS_SEND_TIMEOUT_MS) });
      await res.arrayBuffer().catch(() => undefined);
      return res.status < 500;
    } catch {
      return false;
    }
  }

  /**
   * A receipt push (状态报告): signed as our requests are (x-app-key = our AccessKeyId, HMAC-SHA256 with our
   * AccessKeySecret over the exact body), timestamp within HTTP_SMS_CALLBACK_SKEW_S, nonce never seen by this
   * instance within twice that; the body a JSON array `[{phone_number, success, err_code, err_msg, biz_id, out_id,
   * report_time}]`. Answers `200 {code: 0, msg: '成功'}`, which the platform expects (it pushes again otherwise).
   */
  override async handleCallback(callback: ProviderCallback): Promise<CallbackResult> {
    const problem = callbackProblem({ accessKeyId: this.accessKeyId, secret: this.secret }, callback.headers, callback.rawBody, this.realTime.now().getTime(), HTTP_SMS_CALLBACK_SKEW_S);
    if (problem) throw new CallbackRejected(problem);
    if (!this.replays.remember(callback.headers['x-nonce'] ?? '')) throw new CallbackRejected('replayed nonce');
    const { receipts, replies, skipped } = callbackItemsOf(callback.rawBody);
    if (skipped > 0) this.logger.warn(`push: ${skipped} item(s) without biz_id/out_id and success (a receipt) or phone_number (a reply) left out`);
    return { receipts, replies, status: 200, body: { code: 0, msg: '成功' } };
  }
}
