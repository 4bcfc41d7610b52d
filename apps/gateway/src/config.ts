import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { LOG_LEVELS, loadEnv, type LogLevelName } from '@yichuang/platform';

export const DEV_JWT_SECRET = 'yichuang-development-secret-change-me';

export class GatewayEnv {
  @Type(() => Number) @IsInt() @Min(1) @Max(65535) @IsOptional() PORT: number = 3000;
  /** interface to listen on (contract: 127.0.0.1 by default in development) */
  @IsString() @IsOptional() HOST: string = '127.0.0.1';
  @IsString() @IsOptional() NATS_URL: string = 'nats://127.0.0.1:4222';
  @IsString() @IsOptional() NATS_USER?: string;
  @IsString() @IsOptional() NATS_PASSWORD?: string;
  @IsIn(LOG_LEVELS) @IsOptional() LOG_LEVEL: LogLevelName = 'log';
  /** HS256 secret for access tokens; the development default is refused when NODE_ENV=production */
  @IsString() @Length(16, 500) @IsOptional() JWT_SECRET: string = DEV_JWT_SECRET;
  @Type(() => Number) @IsInt() @Min(60) @Max(7 * 24 * 3600) @IsOptional() JWT_TTL_SECONDS: number = 8 * 3600;
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000) @IsOptional() RPC_TIMEOUT_MS: number = 10_000;
  @IsString() @IsOptional() NODE_ENV: string = 'development';
  @IsString() @IsOptional() INSTANCE_ID?: string;
  /** origins allowed to call the API from a browser, comma-separated (`https://a.example,https://b.example`); empty: no CORS at all */
  @IsString() @IsOptional() GATEWAY_CORS_ORIGINS: string = '';
}

export function loadGatewayEnv(): GatewayEnv {
  const env = loadEnv(GatewayEnv);
  if (env.NODE_ENV === 'production' && env.JWT_SECRET === DEV_JWT_SECRET) {
    throw new Error('JWT_SECRET must be set in production');
  }
  return env;
}
