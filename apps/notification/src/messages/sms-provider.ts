import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { maskPhone } from '@yichuang/domain';

export type SendResult =
  | { status: 'delivered'; providerId: string }
  | { status: 'temporary_failure'; reason: string }
  | { status: 'permanent_failure'; reason: string };

/**
 * An SMS gateway. Real providers (and failover between them) come later; they implement this and pass
 * `messageId` as the provider's client reference, so a retried send is recognised as the same SMS.
 */
export abstract class SmsProvider {
  abstract send(messageId: string, phone: string, content: string): Promise<SendResult>;
}

/** Development provider: accepts every message at once and keeps nothing outside the message table. */
@Injectable()
export class DevSmsProvider extends SmsProvider {
  private readonly logger = new Logger('DevSmsProvider');

  async send(_messageId: string, phone: string, content: string): Promise<SendResult> {
    this.logger.log(`sms to ${maskPhone(phone)} (${content.length} chars)`);
    return { status: 'delivered', providerId: `dev-${randomUUID()}` };
  }
}
