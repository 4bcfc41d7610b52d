import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import { smsProviderOrder, type NotificationEnv } from './config.js';
import { NOTIFICATION_ENV } from './tokens.js';
import { Message, Recipient } from './messages/message.entities.js';
import { MessagesService } from './messages/messages.service.js';
import { MessagesNats } from './messages/messages.nats.js';
import { SmsDispatcher } from './messages/sms-dispatcher.js';
import { WechatBindings } from './messages/wechat-bindings.js';
import { WechatBindingsNats } from './messages/wechat-bindings.nats.js';
import { DevSmsProvider } from './providers/dev-provider.js';
import { HttpSmsProvider, ProviderCallbacksController, WechatTemplateProvider } from './providers/index-http.js';
import { smppProviderFromEnv } from './providers/smpp/index.js';
import type { MessageProvider } from './providers/provider.js';
import { MESSAGE_PROVIDERS, ReceiptRecorder } from './providers/registry-tokens.js';
import { ProviderAttempts1766000000000 } from './migrations/1766000000000-ProviderAttempts.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { MessageCorrelation1764200000000 } from './migrations/1764200000000-MessageCorrelation.js';
import { CaselessMessages1764300000000 } from './migrations/1764300000000-CaselessMessages.js';
import { DeliveryAttempts1764700000000 } from './migrations/1764700000000-DeliveryAttempts.js';
import { RecipientItems1764800000000 } from './migrations/1764800000000-RecipientItems.js';
import { RatingInvitations } from './messages/rating-invitations.js';
import { RatingInvitations1767100000000 } from './migrations/1767100000000-RatingInvitations.js';
import { OutboxPublishedOnCommit1765100000000 } from './migrations/1765100000000-OutboxPublishedOnCommit.js';
import { MessageTemplates1766100000000 } from './migrations/1766100000000-MessageTemplates.js';
import { MessageResolution1766300000000 } from './migrations/1766300000000-MessageResolution.js';
import { MessageProblems } from './messages/message-problems.js';
import { ProvidersNats } from './providers/providers.nats.js';
import { WechatBinding1766200000000 } from './migrations/1766200000000-WechatBinding.js';
import { MessageTemplateVersion } from './templates/message-template.entity.js';
import { ManageTemplates } from './templates/manage-templates.js';
import { TemplateBodies } from './templates/template-bodies.js';
import { TemplatesNats } from './templates/templates.nats.js';
import { NOTIFICATION_GAUGES } from './metrics.js';

export const NOTIFICATION_ENTITIES = [Recipient, Message, MessageTemplateVersion];
export const NOTIFICATION_MIGRATIONS = [Init1764100000000, MessageCorrelation1764200000000, CaselessMessages1764300000000, DeliveryAttempts1764700000000, RecipientItems1764800000000, OutboxPublishedOnCommit1765100000000, ProviderAttempts1766000000000, MessageTemplates1766100000000, WechatBinding1766200000000, MessageResolution1766300000000, RatingInvitations1767100000000];

export interface NotificationOptions {
  /** provider instances instead of the ones the environment names (tests), SMS ones in priority order */
  providers?: MessageProvider[];
}

/** The providers the environment configures: the SMS ones in SMS_PROVIDERS order, then WeChat when configured. */
export function providersFromEnv(env: NotificationEnv): MessageProvider[] {
  const sms = smsProviderOrder(env).map((name): MessageProvider => {
    switch (name) {
      case 'dev':
        return new DevSmsProvider();
      case 'smpp':
        return smppProviderFromEnv(env);
      case 'http':
        return new HttpSmsProvider(env);
    }
  });
  return env.WECHAT_API_URL ? [...sms, new WechatTemplateProvider(env)] : sms;
}

function messageProviders(env: NotificationEnv, options: NotificationOptions): Provider {
  return { provide: MESSAGE_PROVIDERS, useFactory: () => options.providers ?? providersFromEnv(env) };
}

/** SMS and EMS notification (通知). */
@Module({})
export class NotificationModule {
  static forRoot(env: NotificationEnv, options: NotificationOptions = {}): DynamicModule {
    return {
      module: NotificationModule,
      imports: [ServicePlatformModule.forRoot({ service: 'notification', env, entities: NOTIFICATION_ENTITIES, migrations: NOTIFICATION_MIGRATIONS, gauges: NOTIFICATION_GAUGES })],
      controllers: [MessagesNats, TemplatesNats, ProviderCallbacksController, ProvidersNats, WechatBindingsNats],
      providers: [{ provide: NOTIFICATION_ENV, useValue: env }, messageProviders(env, options), MessagesService, RatingInvitations, MessageProblems, WechatBindings, SmsDispatcher, TemplateBodies, ManageTemplates, { provide: ReceiptRecorder, useExisting: SmsDispatcher }],
    };
  }
}
