import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export const SMS_PROVIDERS = ['dev'] as const;

export class NotificationEnv extends ServiceEnv {
  /** SMS signature (短信签名), shown as 【…】 */
  @IsString() @Length(1, 20) @IsOptional() SMS_SIGNATURE: string = '新县政务服务中心';
  /** where results are collected, named in the RESULT_READY SMS */
  @IsString() @Length(1, 40) @IsOptional() HALL_NAME: string = '新县政务服务中心';
  /** the hall's inquiry phone printed in messages */
  @IsString() @Length(1, 30) @IsOptional() HALL_PHONE: string = '0376-2962000';
  /** which SMS gateway sends; `dev` delivers at once and only logs (masked). Real gateways come later. */
  @IsIn(SMS_PROVIDERS) @IsOptional() SMS_PROVIDER: (typeof SMS_PROVIDERS)[number] = 'dev';
  /** tries per message before it is given up as a technical failure (GOV.UK Notify: 48) */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) @IsOptional() SMS_MAX_ATTEMPTS: number = 48;
  /** wait after the first temporary failure; doubles with every further one, up to SMS_RETRY_MAX_MS */
  @Type(() => Number) @IsInt() @Min(10) @Max(3_600_000) @IsOptional() SMS_RETRY_BASE_MS: number = 5_000;
  @Type(() => Number) @IsInt() @Min(10) @Max(86_400_000) @IsOptional() SMS_RETRY_MAX_MS: number = 3_600_000;
  /** how often the dispatcher looks for due messages besides being woken by new ones */
  @Type(() => Number) @IsInt() @Min(50) @Max(60_000) @IsOptional() SMS_POLL_MS: number = 1_000;
}

export const loadNotificationEnv = (): NotificationEnv => loadEnv(NotificationEnv);
