import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class EvaluationEnv extends ServiceEnv {
  /** days within which a bad review must be called back (回访); local practice, 5–15 */
  @Type(() => Number) @IsInt() @Min(1) @Max(30) @IsOptional() BAD_REVIEW_CALLBACK_DAYS: number = 5;
}

export const loadEvaluationEnv = (): EvaluationEnv => loadEnv(EvaluationEnv);
