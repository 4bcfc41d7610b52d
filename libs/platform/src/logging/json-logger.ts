import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { maskPii } from '@yichuang/domain';
import { requestContext } from '../context/request-context.js';
import { LOG_LEVELS, type LogLevelName } from '../config/env.js';

/**
 * Structured JSON logs (one object per line) built on Nest's own ConsoleLogger `json` mode.
 * Adds the service name and the correlation id of the current request, and masks anything that looks
 * like a resident ID number or a mobile phone, so personal data never reaches a log file even when a
 * developer logs a whole payload by mistake.
 */
export class JsonLogger extends ConsoleLogger {
  constructor(
    private readonly service: string,
    level: LogLevelName = 'log',
  ) {
    super(service, { json: true, logLevels: levelsFrom(level), colors: false });
  }

  protected override getJsonLogObject(
    message: unknown,
    options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown },
  ) {
    const base = super.getJsonLogObject(message, options);
    const correlationId = requestContext.correlationId();
    return { ...base, service: this.service, ...(correlationId ? { correlationId } : {}) };
  }

  protected override stringifyJsonLogObject(logObject: Record<string, unknown>): string {
    return maskPii(super.stringifyJsonLogObject(logObject));
  }
}

function levelsFrom(level: LogLevelName): LogLevel[] {
  const idx = LOG_LEVELS.indexOf(level);
  return LOG_LEVELS.slice(0, idx + 1) as LogLevel[];
}
