import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '@yichuang/domain';

/** One SMS to hand to a provider. */
export interface SmsRequest {
  /**
   * Our message id. A real provider must pass it as its client reference (e.g. `outId`, `client_ref`) so that
   * a retry after a crash between the provider's acceptance and our commit is recognised as the same SMS.
   */
  messageId: string;
  /** the full number: personal data, never logged unmasked */
  phone: string;
  content: string;
  template: string;
  /** 1 for the first try */
  attempt: number;
}

/** What the provider said about one message. */
export type SendResult =
  /** delivered to the phone (a provider that confirms at once, or the development provider) */
  | { status: 'delivered'; providerId: string }
  /** accepted; a delivery receipt will follow (`MessagesService.applyReceipt`) */
  | { status: 'sending'; providerId: string }
  /** may pass (phone off, rate limit, provider busy, network): tried again later, `retryAfterMs` if the provider says when */
  | { status: 'temporary_failure'; reason: string; retryAfterMs?: number }
  /** can never succeed (no such number, content refused, number on the block list): not tried again */
  | { status: 'permanent_failure'; reason: string };

/**
 * An SMS gateway (短信网关). Real providers implement this; the dispatcher owns retries, attempt counts and
 * statuses, so a provider only answers for one try. A provider that throws counts as a temporary failure.
 * Each call must finish within a bounded time (the dispatcher holds the message's row lock meanwhile).
 * Failover between providers can be a provider that wraps several.
 */
export abstract class SmsProvider {
  abstract readonly name: string;
  abstract send(sms: SmsRequest): Promise<SendResult>;
}

/** Development provider: delivers every message at once and keeps nothing outside the message table. */
@Injectable()
export class DevSmsProvider extends SmsProvider {
  readonly name = 'dev';
  private readonly logger = new Logger('DevSmsProvider');

  async send(sms: SmsRequest): Promise<SendResult> {
    this.logger.log(`sms to ${maskPhone(sms.phone)} template ${sms.template} (${Array.from(sms.content).length} chars)`);
    return { status: 'delivered', providerId: `dev-${sms.messageId}` };
  }
}
