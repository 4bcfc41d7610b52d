import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import type { NotificationEnv } from './config.js';
import { NOTIFICATION_ENV } from './tokens.js';
import { Message, Recipient } from './messages/message.entities.js';
import { MessagesService } from './messages/messages.service.js';
import { MessagesNats } from './messages/messages.nats.js';
import { DevSmsProvider, SmsProvider } from './messages/sms-provider.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { MessageCorrelation1764200000000 } from './migrations/1764200000000-MessageCorrelation.js';
import { CaselessMessages1764300000000 } from './migrations/1764300000000-CaselessMessages.js';

/** SMS and EMS notification (通知). */
@Module({})
export class NotificationModule {
  static forRoot(env: NotificationEnv): DynamicModule {
    return {
      module: NotificationModule,
      imports: [ServicePlatformModule.forRoot({ service: 'notification', env, entities: [Recipient, Message], migrations: [Init1764100000000, MessageCorrelation1764200000000, CaselessMessages1764300000000] })],
      controllers: [MessagesNats],
      providers: [{ provide: NOTIFICATION_ENV, useValue: env }, { provide: SmsProvider, useClass: DevSmsProvider }, MessagesService],
    };
  }
}
