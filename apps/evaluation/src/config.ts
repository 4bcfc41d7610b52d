import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Length, Max, Min, ValidateIf } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class EvaluationEnv extends ServiceEnv {
  /** calendar days within which a bad review must be called back (回访): due_date = the day of the review + N. Local practice, 5–15 (some rules count working days) */
  @Type(() => Number) @IsInt() @Min(1) @Max(30) @IsOptional() BAD_REVIEW_CALLBACK_DAYS: number = 5;

  /** the provincial 好差评 platform's push endpoint; unset (the default): nothing is pushed, the backlog says so */
  @IsOptional() @IsUrl({ require_tld: false, protocols: ['http', 'https'] }) HAOCHA_PUSH_URL?: string;
  /** our app id at the provincial platform (required with HAOCHA_PUSH_URL) */
  @ValidateIf((e: EvaluationEnv) => !!e.HAOCHA_PUSH_URL) @IsString() @Length(1, 64) HAOCHA_APP_ID?: string;
  /** the shared secret of the HMAC-SHA256 signature (required with HAOCHA_PUSH_URL) */
  @ValidateIf((e: EvaluationEnv) => !!e.HAOCHA_PUSH_URL) @IsString() @Length(8, 256) HAOCHA_APP_SECRET?: string;
  /** how often the sender looks for due pushes (it is also kicked when one is queued) */
  @Type(() => Number) @IsInt() @Min(50) @Max(3_600_000) @IsOptional() HAOCHA_PUSH_INTERVAL_MS: number = 5_000;
  /** one request's timeout */
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000) @IsOptional() HAOCHA_TIMEOUT_MS: number = 10_000;
  /** the first retry's delay; doubling per failure up to HAOCHA_RETRY_MAX_MS */
  @Type(() => Number) @IsInt() @Min(10) @Max(3_600_000) @IsOptional() HAOCHA_RETRY_BASE_MS: number = 5_000;
  @Type(() => Number) @IsInt() @Min(10) @Max(86_400_000) @IsOptional() HAOCHA_RETRY_MAX_MS: number = 3_600_000;
}

export const loadEvaluationEnv = (): EvaluationEnv => loadEnv(EvaluationEnv);
