import 'reflect-metadata';
import { runService } from '@yichuang/platform';
import { EvaluationModule } from './app.module.js';
import { loadEvaluationEnv } from './config.js';

const env = loadEvaluationEnv();
await runService('evaluation', env, EvaluationModule.forRoot(env));
