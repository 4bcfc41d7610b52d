import 'reflect-metadata';
import { runService } from '@yichuang/platform';
import { ExchangeModule } from './app.module.js';
import { loadExchangeEnv } from './config.js';

const env = loadExchangeEnv();
await runService('exchange', env, ExchangeModule.forRoot(env));
