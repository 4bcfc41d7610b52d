import { IsOptional, IsString, Length } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

export class AdminEnv extends ServiceEnv {
  /** Password of every demo account (README documents the default). */
  @IsString()
  @Length(8, 200)
  @IsOptional()
  DEMO_PASSWORD: string = 'yichuang-demo';
}

export const loadAdminEnv = (): AdminEnv => loadEnv(AdminEnv);
