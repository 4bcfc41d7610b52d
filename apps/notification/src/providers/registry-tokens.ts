import type { InboundReceipt, InboundReply } from './provider.js';

/** Nest token: the configured providers (MessageProvider[]), every channel, SMS ones in priority order. */
export const MESSAGE_PROVIDERS = Symbol('MESSAGE_PROVIDERS');

/** Records a provider's delivery receipt on the attempt it belongs to, and its replies (the dispatcher implements it). */
export abstract class ReceiptRecorder {
  /** idempotent; answers whether the receipt matched an attempt */
  abstract record(provider: string, receipt: InboundReceipt): Promise<boolean>;
  /** a reply (上行短信) a platform pushed; resolves once recorded */
  abstract recordReply(provider: string, reply: InboundReply): Promise<void>;
}
