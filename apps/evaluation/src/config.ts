import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { RATING_LEVELS } from '@yichuang/contracts';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class EvaluationEnv extends ServiceEnv {
  /** superseded by RECTIFICATION_CALLBACK_WORKING_DAYS (the call-back deadline now counts working days); still accepted */
  @Type(() => Number) @IsInt() @Min(1) @Max(30) @IsOptional() BAD_REVIEW_CALLBACK_DAYS: number = 5;
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
  /** how long a one-time rating link (SMS, QR) stays valid */
  @Type(() => Number) @IsInt() @Min(1) @Max(720) @IsOptional() RATING_LINK_TTL_HOURS: number = 72;
  /** how often the periodic job (defaults, rectification alarms) runs */
  @Type(() => Number) @IsInt() @Min(1000) @IsOptional() EVALUATION_SWEEP_MS: number = 60_000;
}

export const loadEvaluationEnv = (): EvaluationEnv => loadEnv(EvaluationEnv);
