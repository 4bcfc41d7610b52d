import 'reflect-metadata';
import { runService } from '@yichuang/platform';
import { IntakeModule } from './app.module.js';
import { loadIntakeEnv } from './config.js';

const env = loadIntakeEnv();
await runService('intake', env, IntakeModule.forRoot(env));
