import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class ReviewEnv extends ServiceEnv {}

export const loadReviewEnv = (): ReviewEnv => loadEnv(ReviewEnv);
