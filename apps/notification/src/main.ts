import 'reflect-metadata';
import { runService } from '@yichuang/platform';
import { NotificationModule } from './app.module.js';
import { loadNotificationEnv } from './config.js';

const env = loadNotificationEnv();
await runService('notification', env, NotificationModule.forRoot(env));
