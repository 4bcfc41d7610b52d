import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AppError, ErrorCodes, errorTextZh, retryAfterSeconds, type ErrorBody, type ErrorCode } from '@yichuang/contracts';
import { boundErrorBody } from '@yichuang/platform';
import type { Response } from 'express';
import { InputRefused, ZH } from './body-parsers.js';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'VALIDATION_FAILED',
  415: 'VALIDATION_FAILED',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  501: 'NOT_IMPLEMENTED',
};

/**
 * Every error leaves the gateway in the contract's shape `{error: {code, message, details}}` with the
 * status of its code. Nothing a request contains may produce a 5xx: unknown failures are logged (without
 * the body) and answered 500 only for genuine server faults, 503 when a service does not answer.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, body, messageZh } = this.toHttp(exception);
    if (status >= 500 && status !== 501 && status !== 503) this.logger.error((exception as Error)?.stack ?? String(exception));
    // `messageZh`: what the terminal shows to people; `message` and `details` stay exact for developers (at most 50
    // details, `detailsTotal` counting them all when cut)
    const retryAfter = retryAfterSeconds(body);
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json({ error: { ...boundErrorBody(body), messageZh: messageZh ?? errorTextZh(body) } });
  }

  private toHttp(exception: unknown): { status: number; body: ErrorBody; messageZh?: string } {
    if (exception instanceof AppError) return { status: exception.status, body: exception.toBody() };
    // the gateway's own input checks (body-parsers.ts), thrown directly or wrapped by Nest's express adapter
    const refused = exception instanceof InputRefused ? exception : exception instanceof HttpException && exception.cause instanceof InputRefused ? exception.cause : undefined;
    if (refused) {
      const body: ErrorBody = { code: 'VALIDATION_FAILED', message: refused.message, details: refused.details };
      if (refused.detailsTotal !== undefined) body.detailsTotal = refused.detailsTotal;
      return { status: refused.status, body, messageZh: refused.messageZh };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 413) {
        return { status, body: { code: 'VALIDATION_FAILED', message: 'the request body is larger than this route accepts', details: [{ field: 'body', problem: 'too large', kind: 'too_large' }] }, messageZh: ZH.tooLarge };
      }
      const code = STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED');
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : ((raw as { message?: unknown }).message ?? exception.message);
      const text = Array.isArray(message) ? message.join('; ') : String(message);
      // express's JSON body parser: malformed JSON is the client's problem
      const details = status === 400 ? [{ field: 'body', problem: text }] : [];
      return { status: status >= 500 && code === 'INTERNAL' ? 500 : status, body: { code, message: text, details } };
    }
    const e = exception as { type?: string; status?: number; message?: string };
    if (e && e.status === 413) {
      return { status: 413, body: { code: 'VALIDATION_FAILED', message: 'the request body is larger than this route accepts', details: [{ field: 'body', problem: 'too large', kind: 'too_large' }] }, messageZh: ZH.tooLarge };
    }
    if (e && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      // body-parser errors (entity.parse.failed, entity.too.large) arrive as plain errors with a status
      return { status: 400, body: { code: 'VALIDATION_FAILED', message: 'the request body is not valid JSON', details: [{ field: 'body', problem: e.message ?? 'invalid' }] } };
    }
    return { status: ErrorCodes.INTERNAL, body: { code: 'INTERNAL', message: 'internal error', details: [] } };
  }
}
