import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class EvaluationEnv extends ServiceEnv {
  /** calendar days within which a bad review must be called back (回访): due_date = the day of the review + N. Local practice, 5–15 (some rules count working days) */
  @Type(() => Number) @IsInt() @Min(1) @Max(30) @IsOptional() BAD_REVIEW_CALLBACK_DAYS: number = 5;
}

export const loadEvaluationEnv = (): EvaluationEnv => loadEnv(EvaluationEnv);
