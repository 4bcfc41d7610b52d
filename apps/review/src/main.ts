import 'reflect-metadata';
import { runService } from '@yichuang/platform';
import { ReviewModule } from './app.module.js';
import { loadReviewEnv } from './config.js';

const env = loadReviewEnv();
await runService('review', env, ReviewModule.forRoot(env));
