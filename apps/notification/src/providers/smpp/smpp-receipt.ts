/**
 * SMPP 3.4 delivery receipts (状态报告): a `deliver_sm` whose esm_class has bit 0x04 set. The receipt is read from the
 * `receipted_message_id` / `message_state` TLVs when present, else from the de-facto standard text (SMPP 3.4
 * Appendix B): `id:IIIIIIIIII sub:SSS dlvrd:DDD submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DDDDDDD err:E text:…`.
 */

export const ESM_CLASS_RECEIPT = 0x04;

export type ReceiptOutcome = 'delivered' | 'permanent_failure' | 'ignore';

export interface ParsedReceipt {
  /** the SMSC's message id the receipt is about */
  messageId?: string;
  /** the stat word (DELIVRD, UNDELIV, …) or the message_state TLV's name */
  stat?: string;
  err?: string;
  outcome: ReceiptOutcome;
  /** the user_message_reference TLV, when the SMSC echoed it */
  userMessageReference?: number;
  /** the receipt's source_addr: the phone the message went to */
  to?: string;
}

/** message_state TLV values (SMPP 3.4 §5.2.28) by their receipt stat word */
const MESSAGE_STATE: Record<number, string> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

/**
 * DELIVRD → delivered; UNDELIV/REJECTD/EXPIRED/DELETED → permanent failure; ACCEPTD/ENROUTE (intermediate) and UNKNOWN
 * (the SMSC does not know either) → ignored (the dispatcher's receipt wait settles those).
 */
export function outcomeOfStat(stat: string | undefined): ReceiptOutcome {
  switch ((stat ?? '').toUpperCase()) {
    case 'DELIVRD':
    case 'DELIVERED':
      return 'delivered';
    case 'UNDELIV':
    case 'UNDELIVERABLE':
    case 'REJECTD':
    case 'REJECTED':
    case 'EXPIRED':
    case 'DELETED':
      return 'permanent_failure';
    default:
      return 'ignore';
  }
}

/** the text of a short_message as the smpp package hands it over (Buffer, string, or `{udh, message}`) */
export function shortMessageText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('latin1');
  if (typeof value === 'object' && 'message' in value) return shortMessageText((value as { message: unknown }).message);
  return '';
}

/** Reads a receipt from a deliver_sm's fields (as decoded by the smpp package); undefined when it is not a receipt. */
export function parseReceipt(pdu: Record<string, unknown>): ParsedReceipt | undefined {
  const esmClass = Number(pdu['esm_class'] ?? 0);
  if ((esmClass & ESM_CLASS_RECEIPT) === 0) return undefined;
  const text = shortMessageText(pdu['short_message']) || shortMessageText(pdu['message_payload']);
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}:(\\S*)`, 'i').exec(text)?.[1];
  const tlvId = typeof pdu['receipted_message_id'] === 'string' && pdu['receipted_message_id'] !== '' ? (pdu['receipted_message_id'] as string) : undefined;
  const state = typeof pdu['message_state'] === 'number' ? MESSAGE_STATE[pdu['message_state']] : undefined;
  const stat = field('stat') ?? state;
  const umr = pdu['user_message_reference'];
  const to = typeof pdu['source_addr'] === 'string' && pdu['source_addr'] !== '' ? (pdu['source_addr'] as string) : undefined;
  return {
    messageId: tlvId ?? field('id'),
    stat,
    err: field('err'),
    outcome: outcomeOfStat(stat),
    userMessageReference: typeof umr === 'number' ? umr : undefined,
    to,
  };
}

/** A mobile-originated SMS (上行短信, e.g. a reply digit): a deliver_sm that is not a receipt. */
export interface ParsedReply {
  /** the sender's number as the SMSC gives it */
  from: string;
  text: string;
}

/** Reads a reply from a deliver_sm; undefined when it is a receipt or names no sender. */
export function parseReply(pdu: Record<string, unknown>): ParsedReply | undefined {
  if ((Number(pdu['esm_class'] ?? 0) & ESM_CLASS_RECEIPT) !== 0) return undefined;
  const from = typeof pdu['source_addr'] === 'string' ? pdu['source_addr'].trim() : '';
  if (from === '') return undefined;
  return { from, text: shortMessageText(pdu['short_message']) || shortMessageText(pdu['message_payload']) };
}
