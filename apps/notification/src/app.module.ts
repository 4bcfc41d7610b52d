import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import type { NotificationEnv } from './config.js';
import { NOTIFICATION_ENV } from './tokens.js';
import { Message, Recipient } from './messages/message.entities.js';
import { MessagesService } from './messages/messages.service.js';
import { MessagesNats } from './messages/messages.nats.js';
import { SmsDispatcher } from './messages/sms-dispatcher.js';
import { DevSmsProvider, SmsProvider } from './messages/sms-provider.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { MessageCorrelation1764200000000 } from './migrations/1764200000000-MessageCorrelation.js';
import { CaselessMessages1764300000000 } from './migrations/1764300000000-CaselessMessages.js';
import { DeliveryAttempts1764700000000 } from './migrations/1764700000000-DeliveryAttempts.js';
import { RecipientItems1764800000000 } from './migrations/1764800000000-RecipientItems.js';
import { OutboxPublishedOnCommit1765100000000 } from './migrations/1765100000000-OutboxPublishedOnCommit.js';
import { MessageTemplates1766100000000 } from './migrations/1766100000000-MessageTemplates.js';
import { MessageTemplateVersion } from './templates/message-template.entity.js';
import { ManageTemplates } from './templates/manage-templates.js';
import { TemplateBodies } from './templates/template-bodies.js';
import { TemplatesNats } from './templates/templates.nats.js';

export const NOTIFICATION_ENTITIES = [Recipient, Message, MessageTemplateVersion];
export const NOTIFICATION_MIGRATIONS = [Init1764100000000, MessageCorrelation1764200000000, CaselessMessages1764300000000, DeliveryAttempts1764700000000, RecipientItems1764800000000, OutboxPublishedOnCommit1765100000000, MessageTemplates1766100000000];

export interface NotificationOptions {
  /** an SMS provider instance instead of the one SMS_PROVIDER names (tests) */
  smsProvider?: SmsProvider;
}

function smsProvider(_env: NotificationEnv, options: NotificationOptions): Provider {
  if (options.smsProvider) return { provide: SmsProvider, useValue: options.smsProvider };
  return { provide: SmsProvider, useClass: DevSmsProvider };
}

/** SMS and EMS notification (通知). */
@Module({})
export class NotificationModule {
  static forRoot(env: NotificationEnv, options: NotificationOptions = {}): DynamicModule {
    return {
      module: NotificationModule,
      imports: [ServicePlatformModule.forRoot({ service: 'notification', env, entities: NOTIFICATION_ENTITIES, migrations: NOTIFICATION_MIGRATIONS })],
      controllers: [MessagesNats, TemplatesNats],
      providers: [{ provide: NOTIFICATION_ENV, useValue: env }, smsProvider(env, options), MessagesService, SmsDispatcher, TemplateBodies, ManageTemplates],
    };
  }
}
