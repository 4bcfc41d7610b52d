import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { LOG_LEVELS, loadEnv, MaterialStorageEnv, materialStorageProblem, type LogLevelName } from '@yichuang/platform';

export const DEV_JWT_SECRET = 'yichuang-development-secret-change-me';

/** The gateway's settings; 电子材料's storage (MATERIAL_STORAGE, S3_*, MATERIAL_MAX_FILE_BYTES) from libs/platform. */
export class GatewayEnv extends MaterialStorageEnv {
  @Type(() => Number) @IsInt() @Min(1) @Max(65535) @IsOptional() PORT: number = 3000;
  /** interface to listen on (contract: 127.0.0.1 by default in development) */
  @IsString() @IsOptional() HOST: string = '127.0.0.1';
  @IsString() @IsOptional() NATS_URL: string = 'nats://127.0.0.1:4222';
  @IsString() @IsOptional() NATS_USER?: string;
  @IsString() @IsOptional() NATS_PASSWORD?: string;
  @IsIn(LOG_LEVELS) @IsOptional() LOG_LEVEL: LogLevelName = 'log';
  /**
   * HS256 secret for access tokens. The repository's default is refused unless NODE_ENV=test or
   * ALLOW_DEV_JWT_SECRET=true (the end-to-end harness); `npm start` generates one on first run (.data/jwt-secret).
   */
  @IsString() @Length(16, 500) @IsOptional() JWT_SECRET: string = DEV_JWT_SECRET;
  /** for tests only: accept the repository's default JWT_SECRET */
  @IsIn(['true', 'false']) @IsOptional() ALLOW_DEV_JWT_SECRET: 'true' | 'false' = 'false';
  /** lifetime of access tokens (short: refresh tokens renew them, POST /api/v1/auth/refresh) */
  @Type(() => Number) @IsInt() @Min(60) @Max(7 * 24 * 3600) @IsOptional() JWT_TTL_SECONDS: number = 15 * 60;
  /** how long the gateway trusts an account's token state (active, token version) before asking admin again */
  @Type(() => Number) @IsInt() @Min(0) @Max(60_000) @IsOptional() TOKEN_STATE_CACHE_MS: number = 5_000;
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000) @IsOptional() RPC_TIMEOUT_MS: number = 10_000;
  @IsString() @IsOptional() NODE_ENV: string = 'development';
  @IsString() @IsOptional() INSTANCE_ID?: string;
  /** the orchestrator's probes, `GET /livez` and `GET /readyz`, on a port of their own (none: not served) */
  @Type(() => Number) @IsInt() @Min(1) @Max(65535) @IsOptional() HEALTH_PORT?: number;
  /** replicas of the events stream if the gateway is the first to create it (3 on a NATS cluster) */
  @Type(() => Number) @IsInt() @Min(1) @Max(5) @IsOptional() EVENTS_STREAM_REPLICAS: number = 1;
  /** origins allowed to call the API from a browser, comma-separated (`https://a.example,https://b.example`); empty: no CORS at all */
  @IsString() @IsOptional() GATEWAY_CORS_ORIGINS: string = '';
  /**
   * Which reverse proxies in front of the gateway are believed about the client's address (X-Forwarded-For), as
   * Express's `trust proxy`: `loopback`, `uniquelocal`, addresses or CIDRs (comma-separated), or a number of hops.
   * Empty (the default): none, the client is the connection's peer. Behind nginx without it every login would come
   * from nginx's address, so throttling per address would stop the whole hall after a few typos.
   */
  @Matches(/^$|^\d{1,2}$|^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?))*$/, {
    message: 'TRUST_PROXY: loopback, linklocal, uniquelocal, addresses/CIDRs separated by commas, or a number of hops',
  })
  @IsOptional()
  TRUST_PROXY: string = '';

  /** the applicant's portal token (after the SMS code): seconds it is good for (default 30 minutes) */
  @Type(() => Number) @IsInt() @Min(60) @Max(4 * 3600) @IsOptional() PORTAL_TOKEN_TTL_SECONDS: number = 30 * 60;

  /**
   * The built web console served under `/` (apps/console, `npm run build`): a directory, empty for dist/console
   * beside the compiled gateway (served when it exists), `off` for the API alone.
   */
  @IsString() @IsOptional() CONSOLE_DIR: string = '';
}

/** Express's `trust proxy` value for TRUST_PROXY (undefined: leave Express's default, trust nobody). */
export function trustProxySetting(value: string): number | string[] | undefined {
  const v = value.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim());
}

export function loadGatewayEnv(source?: Record<string, string | undefined>): GatewayEnv {
  const env = source ? loadEnv(GatewayEnv, source) : loadEnv(GatewayEnv);
  if (env.JWT_SECRET === DEV_JWT_SECRET && env.NODE_ENV !== 'test' && env.ALLOW_DEV_JWT_SECRET !== 'true') {
    // anyone who reads the repository could sign an administrator's token with it
    throw new Error('JWT_SECRET is not set (or is the repository default): set a random secret of at least 16 characters; `npm start` generates one');
  }
  const storage = materialStorageProblem(env);
  if (storage) throw new Error(storage);
  return env;
}
