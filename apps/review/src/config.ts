import { loadEnv, ServiceEnv } from '@yichuang/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ReviewEnv extends ServiceEnv {
  /** Electronic supervision: a yellow task alarm at this many remaining working days or fewer (red when overdue). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60)
  @IsOptional()
  ALARM_YELLOW_AT_OR_BELOW: number = 1;

  /** How often each instance sweeps the task alarms (milliseconds). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(3_600_000)
  @IsOptional()
  ALARM_SWEEP_MS: number = 60_000;

  /**
   * 告知承诺制: working days after the acceptance within which the department checks an applicant's commitment
   * (事后核查). ⚠ local practice (DOMAIN.md): configuration.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(120)
  @IsOptional()
  COMMITMENT_VERIFICATION_WORKING_DAYS: number = 20;
}

export const loadReviewEnv = (): ReviewEnv => loadEnv(ReviewEnv);
