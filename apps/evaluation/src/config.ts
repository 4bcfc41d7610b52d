import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Max, Min, ValidateIf } from 'class-validator';
import { RATING_LEVELS } from '@yichuang/contracts';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class EvaluationEnv extends ServiceEnv {
  /** superseded by RECTIFICATION_CALLBACK_WORKING_DAYS (the call-back deadline now counts working days); still accepted */
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
  /** working days after a bad review within which the handling unit calls back (回访核实) */
  @Type(() => Number) @IsInt() @Min(1) @Max(30) @IsOptional() RECTIFICATION_CALLBACK_WORKING_DAYS: number = 5;
  /** working days after a bad review within which it is rectified (整改) */
  @Type(() => Number) @IsInt() @Min(1) @Max(60) @IsOptional() RECTIFICATION_WORKING_DAYS: number = 15;
  /** yellow alarm when an open rectification step has this many working days left or fewer (red once overdue) */
  @Type(() => Number) @IsInt() @Min(0) @Max(10) @IsOptional() RECTIFICATION_YELLOW_AT_OR_BELOW: number = 1;
  /** the hall's default for a service event left unrated (e.g. satisfied), or `none` */
  @IsIn([...RATING_LEVELS, 'none']) @IsOptional() EVALUATION_DEFAULT_LEVEL: string = 'none';
  /** calendar days after the service event before the default applies */
  @Type(() => Number) @IsInt() @Min(1) @Max(90) @IsOptional() EVALUATION_DEFAULT_AFTER_DAYS: number = 7;
  /** how long a one-time rating link issued by staff (an event, the window's QR) stays valid */
  @Type(() => Number) @IsInt() @Min(1) @Max(720) @IsOptional() RATING_LINK_TTL_HOURS: number = 72;
  /** how long the link (and the reply digit) of a completion SMS rates (calendar days) */
  @Type(() => Number) @IsInt() @Min(1) @Max(90) @IsOptional() RATING_INVITATION_TTL_DAYS: number = 15;
  /** how often the periodic job (defaults, rectification alarms) runs */
  @Type(() => Number) @IsInt() @Min(1000) @IsOptional() EVALUATION_SWEEP_MS: number = 60_000;
}

export const loadEvaluationEnv = (): EvaluationEnv => loadEnv(EvaluationEnv);
