import 'reflect-metadata';
import { runService } from '@yichuang/platform';
import { AdminModule } from './app.module.js';
import { loadAdminEnv } from './config.js';

const env = loadAdminEnv();
await runService('admin', env, AdminModule.forRoot(env));
