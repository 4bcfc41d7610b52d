import { Logger } from '@nestjs/common';
import { maskPii } from '@yichuang/domain';
import type { Logger as TypeOrmLogger } from 'typeorm';

const MAX_QUERY = 500;

/**
 * TypeORM's logger for every service's data source. TypeORM's own console loggers print a failed query
 * with its parameters (ID numbers, names, phones) straight to the console; this one never prints
 * parameters: only the query text (shortened) and the error's code and message, masked, through the
 * service's JSON logger (which masks again).
 */
export class PrivateQueryLogger implements TypeOrmLogger {
  private readonly logger = new Logger('Database');

  logQuery(): void {
    // queries are not logged (logging: ['error'])
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.error(`query failed: ${describeDbError(error)} -- ${oneLine(query)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${oneLine(query)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.log(maskPii(message));
  }

  logMigration(message: string): void {
    this.logger.log(maskPii(message));
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = maskPii(typeof message === 'string' ? message : safeJson(message));
    if (level === 'warn') this.logger.warn(text);
    else this.logger.log(text);
  }
}

/**
 * A database error as a log line may show it: the SQLSTATE code, the constraint and the message, masked.
 * PostgreSQL's `detail` (`Key (id_number)=(…) already exists`) and the query's parameters are left out:
 * they carry the values themselves.
 */
export function describeDbError(error: unknown): string {
  if (typeof error === 'string') return maskPii(error);
  const e = (error ?? {}) as { code?: unknown; constraint?: unknown; message?: unknown; driverError?: { code?: unknown; constraint?: unknown } };
  const code = e.code ?? e.driverError?.code;
  const constraint = e.constraint ?? e.driverError?.constraint;
  const parts = [
    typeof code === 'string' ? code : null,
    typeof constraint === 'string' ? `constraint ${constraint}` : null,
    maskPii(typeof e.message === 'string' ? e.message : String(error)),
  ].filter((p): p is string => !!p);
  return parts.join(' ');
}

function oneLine(query: string): string {
  const q = maskPii(String(query ?? '').replace(/\s+/g, ' ').trim());
  return q.length > MAX_QUERY ? `${q.slice(0, MAX_QUERY)}…` : q;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
