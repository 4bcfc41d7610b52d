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
}

export const loadReviewEnv = (): ReviewEnv => loadEnv(ReviewEnv);
