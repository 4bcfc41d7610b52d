import { IsOptional, IsString, Length } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class NotificationEnv extends ServiceEnv {
  /** SMS signature (短信签名) */
  @IsString() @Length(1, 20) @IsOptional() SMS_SIGNATURE: string = '新县政务服务中心';
  /** the hall's inquiry phone printed in messages */
  @IsString() @Length(1, 30) @IsOptional() HALL_PHONE: string = '0376-2962000';
}

export const loadNotificationEnv = (): NotificationEnv => loadEnv(NotificationEnv);
