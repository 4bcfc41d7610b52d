import 'reflect-metadata';
import { runService } from '@yichuang/platform';
import { StatisticsModule } from './app.module.js';
import { loadStatisticsEnv } from './config.js';

const env = loadStatisticsEnv();
await runService('statistics', env, StatisticsModule.forRoot(env));
