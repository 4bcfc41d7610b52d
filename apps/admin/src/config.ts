import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class AdminEnv extends ServiceEnv {
  /** Password of every demo account (README documents the default). */
  @IsString()
  @Length(8, 200)
  @IsOptional()
  DEMO_PASSWORD: string = 'yichuang-demo';

  /** wrong passwords in a row after which each further attempt must wait 2^(failures−this+3) seconds (8, 16, 32 …) */
  @Type(() => Number) @IsInt() @Min(1) @Max(100) @IsOptional() LOGIN_DELAY_AFTER: number = 3;
  /** wrong passwords in a row that lock the account until the administrator unlocks it */
  @Type(() => Number) @IsInt() @Min(2) @Max(1000) @IsOptional() LOGIN_LOCK_AFTER: number = 10;
  /** wrong logins from one client address (any account, within an hour) after which it must wait likewise */
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) @IsOptional() LOGIN_ADDRESS_DELAY_AFTER: number = 20;
  /** the longest wait */
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400) @IsOptional() LOGIN_MAX_DELAY_SECONDS: number = 900;
  /** lifetime of a refresh token (each refresh issues a new one) */
  @Type(() => Number) @IsInt() @Min(60) @Max(90 * 86_400) @IsOptional() REFRESH_TTL_SECONDS: number = 12 * 3600;
  /** days the audit trail keeps a record (GB/T 22239 / Cybersecurity Law art. 21: at least six months; less is refused) */
  @Type(() => Number) @IsInt() @Min(183) @Max(36_500) @IsOptional() AUDIT_RETENTION_DAYS: number = 183;
  /** how often the audit trail's retention job runs */
  @Type(() => Number) @IsInt() @Min(1000) @Max(7 * 86_400_000) @IsOptional() AUDIT_PRUNE_INTERVAL_MS: number = 3_600_000;
  /** the hall, as the 办事指南 names where to apply (same values as intake's) */
  @IsString() @Length(1, 60) @IsOptional() HALL_AGENCY: string = '新县政务服务中心';
  @IsString() @Length(1, 120) @IsOptional() HALL_ADDRESS: string = '新县政务服务中心一楼工程建设项目审批综合窗口';
  @IsString() @Length(1, 30) @IsOptional() HALL_PHONE: string = '0376-2962000';
}

export const loadAdminEnv = (): AdminEnv => loadEnv(AdminEnv);
