import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync, type ValidationError } from 'class-validator';
import { Type } from 'class-transformer';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function flatten(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((c) => `${prefix}${e.property}: ${c}`),
    ...flatten(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/**
 * Validate environment variables into a typed object, once, at boot. Fails fast listing every problem.
 * The only place that reads `process.env` (lint enforces it).
 */
export function loadEnv<T extends object>(cls: new () => T, source: Record<string, string | undefined> = process.env): T {
  const declared = new Set(getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false).map((m) => m.propertyName));
  const { values, problems } = withFileSecrets(source, declared);
  const instance = plainToInstance(cls, values, { enableImplicitConversion: false });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: false });
  if (errors.length > 0 || problems.length > 0) throw new ConfigError([...problems, ...flatten(errors)]);
  return instance;
}

/**
 * Secrets from files (Docker and Kubernetes secrets are mounted as files): `NAME_FILE=/run/secrets/x` sets `NAME` to
 * the file's content, its final line break removed — for the variables `declared` (the app's own: another program's
 * `…_FILE` in the environment is none of its business). Both set is a mistake, said as such; so is a file not readable.
 */
export function withFileSecrets(source: Record<string, string | undefined>, declared: ReadonlySet<string>): { values: Record<string, string | undefined>; problems: string[] } {
  const values = { ...source };
  const problems: string[] = [];
  for (const [key, file] of Object.entries(source)) {
    if (!key.endsWith('_FILE') || !file) continue;
    const name = key.slice(0, -'_FILE'.length);
    if (!declared.has(name)) continue;
    if (source[name] !== undefined) {
      problems.push(`${name}: given both as ${name} and as ${key}; give one`);
      continue;
    }
    try {
      values[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      problems.push(`${key}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return { values, problems };
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Variables every service reads. Each app extends this with its own. */
export class ServiceEnv {
  @IsString()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL!: string;

  @IsString()
  @IsOptional()
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /** this service's NATS user and password (deploy/nats/nats-server.conf); empty in development */
  @IsString()
  @IsOptional()
  NATS_USER?: string;

  @IsString()
  @IsOptional()
  NATS_PASSWORD?: string;

  @IsIn(LOG_LEVELS)
  @IsOptional()
  LOG_LEVEL: LogLevelName = 'log';

  /** A name for this process in logs and NATS connection names (defaults to service-pid). */
  @IsString()
  @IsOptional()
  INSTANCE_ID?: string;

  /** Load demo data (Xin County catalogue, demo accounts) on an empty database. */
  @IsIn(['true', 'false'])
  @IsOptional()
  DEMO_DATA: 'true' | 'false' = 'false';

  @IsString()
  @IsOptional()
  NODE_ENV: string = 'development';

  /** Allow moving this service's clock over NATS (training, tests). Refused with NODE_ENV=production. */
  @IsIn(['true', 'false'])
  @IsOptional()
  CLOCK_CONTROL: 'true' | 'false' = 'false';

  /** With CLOCK_CONTROL=true: the time this service's clock shows at start (tests run on a fixed date). */
  @IsString()
  @IsOptional()
  CLOCK_START?: string;

  /** How long an RPC request waits for its reply. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(120_000)
  @IsOptional()
  RPC_TIMEOUT_MS: number = 10_000;

  /** On shutdown, how long in-flight NATS requests may take to answer after subscriptions stop. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  @IsOptional()
  SHUTDOWN_GRACE_MS: number = 500;

  /** A port for the orchestrator's probes, `GET /livez` and `GET /readyz` (libs/platform/src/health/probe-server.ts); none: no probe server. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  @IsOptional()
  HEALTH_PORT?: number;

  /** `true`: run this service's pending migrations and exit (Kubernetes runs it as a Job before a rollout). */
  @IsIn(['true', 'false'])
  @IsOptional()
  MIGRATE_ONLY: 'true' | 'false' = 'false';

  /** Replicas of the events stream when this service creates it (3 on a NATS cluster; 1 on a single server). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5)
  @IsOptional()
  EVENTS_STREAM_REPLICAS: number = 1;

  /** Max size of the pg pool for this process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  @IsOptional()
  DB_POOL_SIZE: number = 10;

  /**
   * The keys that encrypt personal identity numbers at rest: `keyId:<base64 of 32 bytes>`, comma-separated; old keys
   * stay listed so that values sealed with them still open. Required in production by the services that store them.
   */
  @IsString()
  @Matches(/^\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+\s*(,\s*[A-Za-z0-9_-]{1,32}:[A-Za-z0-9+/=_-]+\s*)*$/, { message: 'PII_KEYS must be keyId:<base64 32 bytes>, comma-separated' })
  @IsOptional()
  PII_KEYS?: string;

  /** The key of PII_KEYS that seals new values (default: the last listed). */
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,32}$/, { message: 'PII_KEY_ID must be a key id of PII_KEYS' })
  @IsOptional()
  PII_KEY_ID?: string;

  /** The HMAC key (base64 of at least 32 bytes) of the lookup hashes of identity numbers. */
  @IsString()
  @IsOptional()
  PII_HMAC_KEY?: string;
}
