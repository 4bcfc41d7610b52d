/**
 * The channel interface every message provider implements: an SMS carrier over SMPP, an HTTP SMS platform, the
 * WeChat official account, the development provider. The dispatcher owns retries, attempt records, failover,
 * quiet hours and rate limits; a provider only answers for one try of one message and hands delivery receipts
 * to the sink it was started with.
 *
 * Exactly-once rule: before a provider is asked, the dispatcher commits an attempt row naming the provider and the
 * attempt's client reference (`reference(attemptId)`). A provider must pass that reference to the platform (SMPP:
 * `user_message_reference`; HTTP platforms: `outId`/`SerialNo`; WeChat: `client_msg_id`) so that a receipt for
 * an attempt whose answer was lost (timeout, dropped connection, the process killed) can still be matched.
 */
import type { MessageChannel } from '@yichuang/contracts';

/** One message, one try. */
export interface OutboundMessage {
  /** our message id */
  messageId: string;
  /** this try's id (recorded before the provider is asked) */
  attemptId: string;
  /** `provider.reference(attemptId)`, recorded with the attempt before the provider is asked */
  clientRef: string;
  channel: MessageChannel;
  /** the phone number (sms) or the WeChat openid (wechat): personal data, never logged unmasked */
  to: string;
  /** the rendered Chinese text, signature included (what an SMS shows) */
  content: string;
  /** our template code (CASE_ACCEPTED, …) */
  template: string;
  /** the template's code registered at the platform (HTTP SMS platforms, WeChat), when the administrator set one */
  externalTemplateCode?: string;
  /** the template's variables, rendered (for platforms that take template code + parameters) */
  params: Record<string, string>;
  /** 1 for the first try */
  attempt: number;
}

/** What the provider said about one try. */
export type SendResult =
  /** delivered to the phone (a provider that confirms at once, or the development provider) */
  | { status: 'delivered'; providerMessageId: string }
  /** accepted; a delivery receipt will follow */
  | { status: 'sending'; providerMessageId: string }
  /** certainly not sent and may pass (throttled, busy, not connected): tried again later, on this or another provider */
  | { status: 'temporary_failure'; reason: string; retryAfterMs?: number }
  /** can never succeed (no such number, content refused, number blocked): not tried again */
  | { status: 'permanent_failure'; reason: string }
  /**
   * the request may have reached the platform but no answer came (timeout, connection dropped after the request left):
   * never tried again on any provider (the applicant must not get it twice); a later receipt still settles it
   */
  | { status: 'unknown'; reason: string };

/** A delivery receipt (状态报告) from a platform. At least one of `providerMessageId` or `clientRef` identifies the try. */
export interface InboundReceipt {
  /** the platform's id of the message (SMPP `message_id` of submit_sm_resp, the platform's BizId, …) */
  providerMessageId?: string;
  /** the client reference the try was sent with, when the platform echoes it */
  clientRef?: string;
  /** the destination (phone/openid), when known: narrows a match by client reference */
  to?: string;
  status: 'delivered' | 'temporary_failure' | 'permanent_failure';
  /** the platform's code or words for a failure (stored masked) */
  reason?: string;
  /** when the platform says it happened */
  at?: Date;
}

/** Where a provider hands its receipts; resolves once the receipt is recorded (the provider may then acknowledge it). */
export type ReceiptSink = (provider: string, receipt: InboundReceipt) => Promise<void>;

/** A mobile-originated SMS (上行短信): an applicant's reply, e.g. a rating digit to the completion SMS. */
export interface InboundReply {
  /** the sender's number as the platform gives it (personal data: never logged unmasked) */
  from: string;
  text: string;
  /** when the platform says it arrived */
  at?: Date;
}

/** Where a provider hands the replies it receives; resolves once the reply is recorded (then it may acknowledge it). */
export type ReplySink = (provider: string, reply: InboundReply) => Promise<void>;

/** An HTTP callback a platform sent to the gateway (`POST /api/v1/callbacks/{provider}`), passed on untouched. */
export interface ProviderCallback {
  /** lower-case header names */
  headers: Record<string, string>;
  /** the exact body as received (signatures are computed over it) */
  rawBody: string;
}

/** What a provider made of a callback: the receipts in it, and what to answer the platform. */
export interface CallbackResult {
  receipts: InboundReceipt[];
  /** HTTP status and JSON body the gateway answers (platforms retry until they get their expected answer) */
  status: number;
  body: unknown;
}

/** A provider refused a callback (bad signature, stale timestamp): the gateway answers 401 with the reason. */
export class CallbackRejected extends Error {}

export abstract class MessageProvider {
  /** unique among configured providers (`smpp`, `http`, `wechat`, `dev`); recorded on each attempt */
  abstract readonly name: string;
  abstract readonly channel: MessageChannel;

  /** the client reference for an attempt (default: the attempt id); must be deterministic */
  reference(attemptId: string): string {
    return attemptId;
  }

  /** connect / bind; receipts go to `sink`, replies (where the channel has them) to `replies`, from now on */
  start(_sink: ReceiptSink, _replies?: ReplySink): Promise<void> {
    return Promise.resolve();
  }

  /** unbind / close; sends in flight may answer `unknown` */
  stop(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * One try. Must answer within a bounded time (`unknown` past it once the request may have left; `temporary_failure`
   * when it certainly did not, e.g. not connected). Throwing counts as `unknown` if the request may have left.
   */
  abstract send(message: OutboundMessage): Promise<SendResult>;

  /** a cheap check that the platform is reachable, used to bring a cooled-down provider back (default: yes) */
  probe(): Promise<boolean> {
    return Promise.resolve(true);
  }

  /** receipts arriving as HTTP callbacks (HTTP platforms, WeChat): verify and parse; throw CallbackRejected if not genuine */
  handleCallback?(callback: ProviderCallback): Promise<CallbackResult>;
}
