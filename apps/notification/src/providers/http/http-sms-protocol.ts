/**
 * The HTTP SMS platform's protocol, pure (no I/O): the request body, what an answer means, the callback's signature
 * and receipts. The platform is shaped like the common Chinese cloud SMS APIs (Aliyun dysms `SendSms`, Tencent
 * SMS): a template registered at the platform (`TemplateCode`) filled with parameters, our client reference echoed
 * as `OutId`, business errors as a `Code` in the JSON answer, and delivery receipts (状态报告) pushed in batches.
 *
 * Signing (both ways, libs/platform `hmac-signature`): headers `x-app-key` (the AccessKeyId), `x-timestamp` (unix
 * seconds), `x-nonce` (fresh per request) and `x-signature` = hex HMAC-SHA256 with the AccessKeySecret over the
 * canonical string `AccessKeyId + "\n" + timestamp + "\n" + nonce + "\n" + body` (body: the exact UTF-8 bytes sent).
 */
import { AppError } from '@yichuang/contracts';
import { maskPii } from '@yichuang/domain';
import { SIGNATURE_HEADERS, signatureProblem } from '@yichuang/platform';
import type { InboundReceipt, InboundReply, OutboundMessage, SendResult } from '../provider.js';
import { brief } from '../replay-guard.js';

/** The JSON body of a send (`POST SMS_HTTP_URL`). */
export interface HttpSmsSendBody {
  /** one mainland mobile number */
  PhoneNumbers: string;
  /** the signature (签名) registered at the platform, without 【】 */
  SignName: string;
  /** the template registered at the platform: the administrator's external code, else our template code */
  TemplateCode: string;
  /** the template's parameters as a JSON string (as dysms takes them) */
  TemplateParam: string;
  /** our client reference (the attempt's): the platform is idempotent by it and echoes it in receipts */
  OutId: string;
}

export function sendBody(message: OutboundMessage, signName: string): HttpSmsSendBody {
  return {
    PhoneNumbers: message.to,
    SignName: signName,
    TemplateCode: message.externalTemplateCode ?? message.template,
    TemplateParam: JSON.stringify(message.params),
    OutId: message.clientRef,
  };
}

/** The platform's answer to a send: `{Code: 'OK', BizId, RequestId}` or `{Code: 'isv.…', Message}`. */
interface SendAnswer {
  Code?: unknown;
  Message?: unknown;
  BizId?: unknown;
}

/** Throttling codes, with how long to wait when the platform gives no `Retry-After`. */
const THROTTLED: Record<string, number> = {
  /** per-number minute/hour limits (1 a minute, 5 an hour to one number at dysms) */
  'isv.BUSINESS_LIMIT_CONTROL': 60_000,
  /** the number's daily limit */
  'isv.DAY_LIMIT_CONTROL': 3_600_000,
  /** the account's API rate */
  Throttling: 1_000,
  'Throttling.User': 1_000,
  'Throttling.Api': 1_000,
};

/**
 * Codes where the message itself is fine but this platform cannot send it now (our account, our credentials, the
 * platform): a temporary failure, so that it is tried again later or on another provider.
 */
const TEMPORARY = new Set([
  'isp.SYSTEM_ERROR',
  'isp.RAM_PERMISSION_DENY',
  'isv.OUT_OF_SERVICE',
  'isv.AMOUNT_NOT_ENOUGH',
  'isv.ACCOUNT_NOT_EXISTS',
  'isv.ACCOUNT_ABNORMAL',
  'isv.PRODUCT_UN_SUBSCRIPT',
  'isv.PRODUCT_UNSUBSCRIBE',
  'InvalidAccessKeyId.NotFound',
  'SignatureDoesNotMatch',
  'InvalidTimeStamp.Expired',
  'SignatureNonceUsed',
]);

/**
 * Codes where this message can never be sent as it is (the number, its content, the template or signature): a
 * permanent failure naming the code. Codes in neither list: `isp.*` (the platform's side) temporary, others permanent.
 */
const PERMANENT = new Set([
  'isv.MOBILE_NUMBER_ILLEGAL',
  'isv.BLACK_KEY_CONTROL_LIMIT',
  'isv.SMS_TEMPLATE_ILLEGAL',
  'isv.SMS_SIGNATURE_ILLEGAL',
  'isv.TEMPLATE_MISSING_PARAMETERS',
  'isv.TEMPLATE_PARAMS_ILLEGAL',
  'isv.INVALID_PARAMETERS',
  'isv.INVALID_JSON_PARAM',
  'isv.MOBILE_COUNT_OVER_LIMIT',
  'isv.PARAM_LENGTH_LIMIT',
  'isv.PARAM_NOT_SUPPORT_URL',
  'isv.SMS_CONTENT_ILLEGAL',
  'isv.DOMESTIC_NUMBER_NOT_SUPPORTED',
  'isv.DENY_IP_RANGE',
]);

/** `Retry-After` in seconds (or an HTTP date, which we do not trust: the fallback), at most a day. */
export function retryAfterMs(header: string | null, fallbackMs: number): number {
  if (header && /^\d{1,6}$/.test(header.trim())) return Math.min(Number(header.trim()) * 1000, 86_400_000);
  return fallbackMs;
}

/**
 * What the platform's answer to a send means. The request certainly arrived (there is an answer), so a failure
 * here is never `unknown` except for an acceptance we cannot read.
 */
export function sendResultOf(answer: { status: number; retryAfter: string | null; text: string }): SendResult {
  const body = parseJson(answer.text) as SendAnswer | undefined;
  const code = typeof body?.Code === 'string' ? body.Code : undefined;
  const words = typeof body?.Message === 'string' ? ` ${brief(maskPii(body.Message), 150)}` : '';
  if (code === 'OK' && answer.status >= 200 && answer.status < 300) {
    const bizId = typeof body?.BizId === 'string' || typeof body?.BizId === 'number' ? String(body.BizId) : '';
    if (bizId) return { status: 'sending', providerMessageId: bizId };
    // accepted, but without its id: the receipt can still be matched by OutId
    return { status: 'unknown', reason: 'the platform accepted the SMS without a BizId' };
  }
  const throttleMs = code !== undefined && Object.hasOwn(THROTTLED, code) ? THROTTLED[code] : undefined;
  if (answer.status === 429) return { status: 'temporary_failure', reason: `HTTP 429 ${code ?? 'throttled'}${words}`, retryAfterMs: retryAfterMs(answer.retryAfter, throttleMs ?? 60_000) };
  if (code && throttleMs !== undefined) return { status: 'temporary_failure', reason: `${code}${words}`, retryAfterMs: retryAfterMs(answer.retryAfter, throttleMs) };
  if (answer.status >= 500) return { status: 'temporary_failure', reason: `HTTP ${answer.status}${code ? ` ${code}` : ''}${words}` };
  if (code) {
    if (TEMPORARY.has(code)) return { status: 'temporary_failure', reason: `${code}${words}` };
    if (PERMANENT.has(code)) return { status: 'permanent_failure', reason: `${code}${words}` };
    return code.startsWith('isp.') ? { status: 'temporary_failure', reason: `${code}${words}` } : { status: 'permanent_failure', reason: `${code}${words}` };
  }
  // no code we can read
  if (answer.status >= 200 && answer.status < 300) return { status: 'unknown', reason: `the platform answered HTTP ${answer.status} without a result code` };
  if (answer.status === 401 || answer.status === 403) return { status: 'temporary_failure', reason: `HTTP ${answer.status}: the platform refused our credentials` };
  return { status: 'permanent_failure', reason: `HTTP ${answer.status}: the platform refused the SMS` };
}

/* ---------- callbacks (状态报告) ---------- */

/** One delivery receipt in the platform's push (a JSON array of these). */
export interface PlatformReceipt {
  phone_number: string;
  /** true: delivered to the phone */
  success: boolean;
  /** `DELIVERED` on success, the carrier's or platform's code otherwise */
  err_code: string;
  err_msg: string;
  /** the platform's id of the SMS (our providerMessageId) */
  biz_id: string;
  /** our client reference */
  out_id?: string;
  /** China time, `yyyy-MM-dd HH:mm:ss` */
  report_time?: string;
  send_time?: string;
}

/**
 * Failure codes in a receipt that may pass if the SMS is sent again later (the phone was off until the message
 * expired, the carrier's or platform's system failed, flow control): a temporary failure. Any other failure code
 * (空号, 停机, blocked, refused content, …) is permanent.
 */
export const TRANSIENT_RECEIPT_CODES = new Set(['EXPIRED', 'MK:0001', 'MK:0005', 'MK:0012', 'SYSTEM_ERROR', 'isp.SYSTEM_ERROR', 'FLOW_CONTROL', 'isv.BUSINESS_LIMIT_CONTROL', 'UNKNOWN']);

/** Verify a callback's signature: null if genuine (nonce not yet checked), else why not. */
export function callbackProblem(
  account: { accessKeyId: string; secret: string },
  headers: Record<string, string>,
  rawBody: string,
  nowMs: number,
  maxSkewS: number,
): string | null {
  const got = {
    appKey: headers[SIGNATURE_HEADERS.appKey] ?? '',
    timestamp: headers[SIGNATURE_HEADERS.timestamp] ?? '',
    nonce: headers[SIGNATURE_HEADERS.nonce] ?? '',
    signature: headers[SIGNATURE_HEADERS.signature] ?? '',
  };
  const missing = Object.values(SIGNATURE_HEADERS).filter((name) => !headers[name]);
  if (missing.length > 0) return `not signed: ${missing.join(', ')} missing`;
  const problem = signatureProblem({ appKey: account.accessKeyId, secret: account.secret }, { ...got, body: rawBody }, nowMs, maxSkewS);
  switch (problem) {
    case null:
      return null;
    case 'unknown_app_key':
      return 'unknown access key id';
    case 'bad_timestamp':
      return 'the timestamp is not unix seconds';
    case 'stale_timestamp':
      return `the timestamp is more than ${maxSkewS} s away`;
    case 'bad_signature':
      return 'bad signature';
  }
}

/** One reply (上行短信) in the platform's push: a message the phone sent to our number. */
export interface PlatformReply {
  phone_number: string;
  content: string;
  /** China time, `yyyy-MM-dd HH:mm:ss` */
  send_time?: string;
  /** the platform's id of the reply */
  sequence_id?: string | number;
  /** our number (extension) it was sent to */
  dest_code?: string;
}

/**
 * The receipts and replies of a (verified) push. A body that is not a JSON array is refused (VALIDATION_FAILED). An
 * item with a `content` and no `biz_id`/`out_id` is a reply (上行短信, needs a `phone_number`); any other is a receipt;
 * items without what they need (a receipt's `biz_id` or `out_id` and boolean `success`) are left out and counted
 * in `skipped`.
 */
export function callbackItemsOf(rawBody: string): { receipts: InboundReceipt[]; replies: InboundReply[]; skipped: number } {
  const items = parseJson(rawBody);
  if (!Array.isArray(items)) throw new AppError('VALIDATION_FAILED', 'the receipt push is not a JSON array', [{ field: 'body', problem: 'must be a JSON array of receipts' }]);
  const receipts: InboundReceipt[] = [];
  const replies: InboundReply[] = [];
  let skipped = 0;
  for (const item of items as Partial<Record<keyof PlatformReceipt | keyof PlatformReply, unknown>>[]) {
    if (isReply(item)) {
      const reply = replyOf(item);
      if (reply) replies.push(reply);
      else skipped++;
      continue;
    }
    const receipt = receiptOf(item);
    if (receipt) receipts.push(receipt);
    else skipped++;
  }
  return { receipts, replies, skipped };
}

/** The receipts of a (verified) push (see `callbackItemsOf`; replies are counted as skipped here). */
export function receiptsOf(rawBody: string): { receipts: InboundReceipt[]; skipped: number } {
  const { receipts, replies, skipped } = callbackItemsOf(rawBody);
  return { receipts, skipped: skipped + replies.length };
}

function isReply(item: Partial<Record<string, unknown>> | null): boolean {
  return typeof item === 'object' && item !== null && typeof item['content'] === 'string' && !text(item['biz_id']) && !text(item['out_id']);
}

function replyOf(item: Partial<Record<keyof PlatformReply, unknown>>): InboundReply | null {
  const from = text(item.phone_number);
  if (!from) return null;
  const at = chinaTime(text(item.send_time));
  return { from, text: text(item.content), ...(at ? { at } : {}) };
}

function receiptOf(item: Partial<Record<keyof PlatformReceipt, unknown>> | null): InboundReceipt | null {
  if (typeof item !== 'object' || item === null) return null;
  const bizId = text(item.biz_id);
  const outId = text(item.out_id);
  const success = item.success === true || item.success === 'true' ? true : item.success === false || item.success === 'false' ? false : undefined;
  if ((!bizId && !outId) || success === undefined) return null;
  const at = chinaTime(text(item.report_time));
  const base: InboundReceipt = {
    status: 'delivered',
    ...(bizId ? { providerMessageId: bizId } : {}),
    ...(outId ? { clientRef: outId } : {}),
    ...(text(item.phone_number) ? { to: text(item.phone_number) } : {}),
    ...(at ? { at } : {}),
  };
  if (success) return base;
  const code = text(item.err_code) || 'UNKNOWN';
  const reason = brief(maskPii(`${code} ${text(item.err_msg)}`.trim()));
  return { ...base, status: TRANSIENT_RECEIPT_CODES.has(code) ? 'temporary_failure' : 'permanent_failure', reason };
}

/** `2026-11-26 10:23:00` (China time) → the instant; anything else → undefined. */
function chinaTime(value: string): Date | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(value);
  if (!m) return undefined;
  const at = new Date(`${m[1]}T${m[2]}+08:00`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
