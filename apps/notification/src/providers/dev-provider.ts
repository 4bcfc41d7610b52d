import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '@yichuang/domain';
import { MessageProvider, type OutboundMessage, type SendResult } from './provider.js';

/**
 * Development provider (`SMS_PROVIDERS=dev`, the default): delivers every SMS at once and keeps nothing outside the
 * message table. No SMS leaves the system; the dispatcher says so at start.
 */
@Injectable()
export class DevSmsProvider extends MessageProvider {
  readonly name = 'dev';
  readonly channel = 'sms' as const;
  private readonly logger = new Logger('DevSmsProvider');

  send(m: OutboundMessage): Promise<SendResult> {
    this.logger.log(`sms to ${maskPhone(m.to)} template ${m.template} (${Array.from(m.content).length} chars)`);
    return Promise.resolve({ status: 'delivered', providerMessageId: `dev-${m.messageId}` });
  }
}
