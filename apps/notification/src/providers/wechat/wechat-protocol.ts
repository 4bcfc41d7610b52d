/**
 * WeChat official-account template messages (模板消息), pure: the message body, what an answer means, the push
 * signature and the TEMPLATESENDJOBFINISH event. No I/O here (wechat-template-provider.ts does the calls).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@yichuang/contracts';
import { labelOf, maskPii, MESSAGE_TEMPLATE_TEXT } from '@yichuang/domain';
import type { InboundReceipt, OutboundMessage, SendResult } from '../provider.js';
import { brief } from '../replay-guard.js';

/** Errcodes of an invalid or expired access_token: the token is fetched again and the send tried once more. */
export const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/**
 * The `data` of the 办件进度通知 template (the layout of the common industry template of that name:
 * `{{first.DATA}} 办件编号：{{keyword1.DATA}} 办理事项：{{keyword2.DATA}} 办理进度：{{keyword3.DATA}} {{remark.DATA}}`):
 *
 * | field | from |
 * |---|---|
 * | `first` | the rendered text (what the SMS says), without its 【signature】 |
 * | `keyword1` 办件编号 | `params.caseNo`, else `ticketNo`, `documentNo`, else `—` |
 * | `keyword2` 办理事项 | `params.item`, else `project`, else `name`, else `—` |
 * | `keyword3` 办理进度 | our template's name (MESSAGE_TEMPLATE_TEXT without 短信: 受理, 领证通知, …) |
 * | `remark` | 咨询电话 + the hall's phone |
 *
 * A template registered with other fields gets these anyway (WeChat leaves unknown fields out); values are cut to
 * 200 characters.
 */
export function templateData(message: OutboundMessage, hallPhone: string): Record<string, { value: string }> {
  const p = message.params;
  const pick = (...keys: string[]) => keys.map((k) => p[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? '—';
  const progress = labelOf(MESSAGE_TEMPLATE_TEXT, message.template)?.replace(/短信$/, '') || message.template;
  const value = (v: string) => ({ value: brief(v, 200) });
  return {
    first: value(message.content.replace(/^【[^】]*】/, '')),
    keyword1: value(pick('caseNo', 'ticketNo', 'documentNo')),
    keyword2: value(pick('item', 'project', 'name')),
    keyword3: value(progress),
    remark: value(`咨询电话${hallPhone}`),
  };
}

/** The JSON body of `POST /cgi-bin/message/template/send`. */
export function sendBody(message: OutboundMessage, templateId: string, hallPhone: string): string {
  return JSON.stringify({ touser: message.to, template_id: templateId, client_msg_id: message.clientRef, data: templateData(message, hallPhone) });
}

/**
 * `errcode` and `msgid` of an answer. The msgid is read from the text, not through JSON.parse: WeChat's msgids can
 * exceed 2^53 and would lose digits as a JS number.
 */
export function parseAnswer(text: string): { errcode?: number; errmsg: string; msgid?: string } {
  let errcode: number | undefined;
  let errmsg = '';
  try {
    const body = JSON.parse(text) as { errcode?: unknown; errmsg?: unknown };
    if (typeof body.errcode === 'number') errcode = body.errcode;
    if (typeof body.errmsg === 'string') errmsg = body.errmsg;
  } catch {
    // not JSON
  }
  const msgid = /"msgid"\s*:\s*"?(\d{1,30})"?/.exec(text)?.[1];
  return { ...(errcode !== undefined ? { errcode } : {}), errmsg, ...(msgid ? { msgid } : {}) };
}

/** WeChat errcodes that can never succeed for this message (the user, the openid, the template, its data). */
const PERMANENT: Record<number, string> = {
  43004: 'the user does not follow the account (require subscribe)',
  40003: 'invalid openid',
  43019: 'the user blocked the account',
  40037: 'invalid template_id',
  47003: 'template data does not fit the template',
  40036: 'invalid template_id size',
};

/** Errcodes that pass with time, with how long to wait. */
const TEMPORARY: Record<number, number> = {
  /** the account's daily quota of template messages */
  45009: 3_600_000,
  /** system busy */
  [-1]: 5_000,
  /** sending too fast */
  45011: 1_000,
  45047: 60_000,
};

/** What a template-send answer means (the request arrived: there is an answer). */
export function sendResultOf(httpStatus: number, text: string): SendResult {
  if (httpStatus >= 500 || httpStatus === 429) return { status: 'temporary_failure', reason: `HTTP ${httpStatus}` };
  const a = parseAnswer(text);
  const words = a.errmsg ? ` ${brief(maskPii(a.errmsg), 150)}` : '';
  if (a.errcode === 0) {
    return a.msgid ? { status: 'sending', providerMessageId: a.msgid } : { status: 'unknown', reason: 'WeChat accepted the message without a msgid' };
  }
  if (a.errcode === undefined) return { status: 'unknown', reason: `WeChat answered HTTP ${httpStatus} without an errcode` };
  const permanent = Object.hasOwn(PERMANENT, a.errcode) ? PERMANENT[a.errcode] : undefined;
  if (permanent) return { status: 'permanent_failure', reason: `errcode ${a.errcode}: ${permanent}${words}` };
  const wait = Object.hasOwn(TEMPORARY, a.errcode) ? TEMPORARY[a.errcode] : undefined;
  if (wait !== undefined) return { status: 'temporary_failure', reason: `errcode ${a.errcode}${words}`, retryAfterMs: wait };
  // the token (after its one refresh), the account's rights, IP whitelist, other frequency limits: not this message's fault
  if (TOKEN_ERRCODES.has(a.errcode) || (a.errcode >= 45000 && a.errcode < 46000) || a.errcode === 48001 || a.errcode === 40164) {
    return { status: 'temporary_failure', reason: `errcode ${a.errcode}${words}` };
  }
  return { status: 'permanent_failure', reason: `errcode ${a.errcode}${words}` };
}

/* ---------- event pushes ---------- */

/** `sha1` (hex) of token, timestamp and nonce sorted and joined: WeChat's signature of a push URL. */
export function pushSignature(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join(''), 'utf8').digest('hex');
}

/** Header names under which the gateway passes the push URL's query parameters. */
export const WECHAT_HEADERS = {
  signature: 'x-wechat-signature',
  timestamp: 'x-wechat-timestamp',
  nonce: 'x-wechat-nonce',
  echostr: 'x-wechat-echostr',
} as const;

/** Why a push is not genuine (null: it is; the nonce is checked by the caller). */
export function pushProblem(token: string, headers: Record<string, string>, nowMs: number, maxSkewS: number): string | null {
  const signature = headers[WECHAT_HEADERS.signature] ?? '';
  const timestamp = headers[WECHAT_HEADERS.timestamp] ?? '';
  const nonce = headers[WECHAT_HEADERS.nonce] ?? '';
  const missing = [signature ? '' : 'signature', timestamp ? '' : 'timestamp', nonce ? '' : 'nonce'].filter(Boolean);
  if (missing.length > 0) return `not signed: ${missing.join(', ')} missing`;
  if (!/^\d{1,12}$/.test(timestamp)) return 'the timestamp is not unix seconds';
  const want = Buffer.from(pushSignature(token, timestamp, nonce), 'utf8');
  const got = Buffer.from(signature.toLowerCase(), 'utf8');
  if (want.length !== got.length || !timingSafeEqual(want, got)) return 'bad signature';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > maxSkewS) return `the timestamp is more than ${maxSkewS} s away`;
  return null;
}

/** The fields of a plaintext event push (`<xml><Event><![CDATA[…]]></Event>…</xml>`); a body that is no such XML is refused. */
export function xmlFields(rawBody: string): Record<string, string> {
  const inner = /^\s*(?:<\?xml[^>]*\?>\s*)?<xml>([\s\S]*)<\/xml>\s*$/.exec(rawBody)?.[1];
  if (inner === undefined) throw new AppError('VALIDATION_FAILED', 'the push is not an XML message', [{ field: 'body', problem: 'must be <xml>…</xml>' }]);
  const fields: Record<string, string> = {};
  for (const m of inner.matchAll(/<([A-Za-z][A-Za-z0-9_]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g)) {
    const name = m[1] as string;
    fields[name] = (m[2] ?? m[3] ?? '').trim();
  }
  return fields;
}

/**
 * The receipt in a push, if it is a TEMPLATESENDJOBFINISH event (any other event or message: none). `Status`:
 * `success` → delivered; `failed:user block` → permanent (the user refuses the account's messages);
 * `failed: system failed` (and any other failure naming the system) → temporary; any other failure → permanent.
 */
export function receiptOfPush(fields: Record<string, string>): InboundReceipt | null {
  if (fields['MsgType'] !== 'event' || fields['Event'] !== 'TEMPLATESENDJOBFINISH') return null;
  const msgId = fields['MsgID'] ?? fields['MsgId'] ?? '';
  if (!/^\d{1,30}$/.test(msgId)) return null;
  const status = fields['Status'] ?? '';
  const created = /^\d{1,12}$/.test(fields['CreateTime'] ?? '') ? new Date(Number(fields['CreateTime']) * 1000) : undefined;
  const base: InboundReceipt = {
    providerMessageId: msgId,
    status: 'delivered',
    ...(fields['FromUserName'] ? { to: fields['FromUserName'] } : {}),
    ...(created ? { at: created } : {}),
  };
  if (status === 'success') return base;
  const reason = brief(status || 'failed');
  return { ...base, status: /system/i.test(status) ? 'temporary_failure' : 'permanent_failure', reason };
}
