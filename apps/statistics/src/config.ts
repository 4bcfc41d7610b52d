import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class StatisticsEnv extends ServiceEnv {
  /** events applied in one transaction when they queued up (live feed and rebuild) */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) @IsOptional() STATISTICS_BATCH: number = 200;
}

export const loadStatisticsEnv = (): StatisticsEnv => loadEnv(StatisticsEnv);
