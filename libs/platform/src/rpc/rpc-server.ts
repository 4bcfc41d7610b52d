import {
  Catch,
  Injectable,
  Logger,
  ValidationPipe,
  type ArgumentsHost,
  type CallHandler,
  type ExceptionFilter,
  type ExecutionContext,
  type NestInterceptor,
  type ArgumentMetadata,
  type ValidationError,
} from '@nestjs/common';
import { RpcException, type NatsContext } from '@nestjs/microservices';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { Observable, tap, throwError } from 'rxjs';
import { AppError, Headers, type Actor, type ErrorBody, type ErrorDetail } from '@yichuang/contracts';
import { requestContext, type RequestContext } from '../context/request-context.js';
import type { AuditTrail } from '../audit/audit-trail.js';
import { IDEMPOTENCY_HEADER } from './rpc-client.js';
import { boundErrorBody, inspectInput } from '../input/input-check.js';
import { rpcServerDuration } from '../metrics/metrics.js';

/** Flatten class-validator errors into `{field, problem}` with dotted paths (`applicant.idNumber`, `materials[0].code`). */
export function validationDetails(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${prefix.replace(/\.$/, '')}[${e.property}]` : `${prefix}${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...validationDetails(e.children ?? [], `${field}.`)];
  });
}

/** Validate a plain payload against a contract class: the typed instance, or every problem found. */
export async function validatePayload<T extends object>(cls: new () => T, raw: unknown): Promise<{ value: T; problems: ErrorDetail[] }> {
  const unsafe = inspectInput(raw);
  if (unsafe.length > 0) return { value: new cls(), problems: unsafe };
  const value = plainToInstance(cls, (typeof raw === 'object' && raw !== null ? raw : {}) as object);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true, validationError: { target: false, value: false } });
  return { value, problems: validationDetails(errors) };
}

export function validationError(errors: ValidationError[]): AppError {
  return boundedValidationError(validationDetails(errors));
}

/** VALIDATION_FAILED listing at most MAX_ERROR_DETAILS problems and counting the rest, so the answer always fits a NATS message. */
export function boundedValidationError(details: ErrorDetail[], message = `${details.length} problem(s) in the request`): AppError {
  const body = boundErrorBody({ code: 'VALIDATION_FAILED', message, details });
  return new AppError('VALIDATION_FAILED', body.message, body.details, body.detailsTotal);
}

/**
 * Nest's ValidationPipe, preceded by the input checks (depth, prototype keys, NUL and lone surrogates): class-transformer
 * recurses without limit and copies `constructor` keys, and PostgreSQL refuses U+0000, so these go first.
 */
class CheckedValidationPipe extends ValidationPipe {
  constructor(
    options: ConstructorParameters<typeof ValidationPipe>[0],
    private readonly toError: (e: AppError) => unknown,
  ) {
    super(options);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom' && value !== null && (typeof value === 'object' || typeof value === 'string')) {
      const problems = inspectInput(value, { root: metadata.type === 'param' && metadata.data ? metadata.data : '' });
      if (problems.length > 0) throw this.toError(boundedValidationError(problems));
    }
    return super.transform(value, metadata);
  }
}

/** The pipe both transports use: input checks first, then whitelist, reject unknown fields, list every problem. */
export function createValidationPipe(toError: (e: AppError) => unknown): ValidationPipe {
  return new CheckedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    // one problem per field (the first that fails), every field listed
    stopAtFirstError: true,
    exceptionFactory: (errors) => toError(validationError(errors)),
  }, toError);
}

export const rpcValidationPipe = (): ValidationPipe => createValidationPipe((e) => new RpcException(e.toBody()));

/** Every error leaving a service over NATS is an ErrorBody; unexpected ones are logged and hidden. */
@Catch()
export class RpcErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('RpcErrorFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => toErrorBody(exception, this.logger));
  }
}

/** The ErrorBody a service answers over NATS; details bounded (see boundErrorBody) so it always fits a NATS message. */
export function toErrorBody(exception: unknown, logger: Logger): ErrorBody {
  return boundErrorBody(unboundedErrorBody(exception, logger));
}

function unboundedErrorBody(exception: unknown, logger: Logger): ErrorBody {
  if (exception instanceof AppError) return exception.toBody();
  if (exception instanceof RpcException) {
    const e = exception.getError();
    if (AppError.isErrorBody(e)) return e;
  }
  if (isInvalidTransition(exception)) {
    return { code: 'INVALID_STATE', message: (exception as Error).message, details: [] };
  }
  // a deadline past the last loaded calendar year: the administrator must load the year (422, not a crash)
  if (exception instanceof Error && exception.name === 'CalendarRangeError') {
    return { code: 'CALENDAR_OUT_OF_RANGE', message: exception.message, details: [] };
  }
  logger.error((exception as Error)?.stack ?? String(exception));
  return { code: 'INTERNAL', message: 'internal error', details: [] };
}

function isInvalidTransition(e: unknown): boolean {
  return e instanceof Error && e.name === 'InvalidTransitionError';
}

/**
 * Runs each NATS handler inside the request context carried by the message headers; once a state-changing handler
 * finished (answer or error), records its audit fact (`AuditTrail`) before the answer leaves.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  constructor(private readonly audit?: AuditTrail) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const headers = nats?.getHeaders?.() as { get(k: string): string } | undefined;
    const correlationId = headers?.get(Headers.correlationId) || requestContext.newCorrelationId();
    let actor: Actor | undefined;
    const rawActor = headers?.get(Headers.actor);
    if (rawActor) {
      try {
        actor = JSON.parse(rawActor) as Actor;
      } catch {
        actor = undefined;
      }
    }
    const idempotencyKey = headers?.get(IDEMPOTENCY_HEADER) || undefined;
    const clientAddress = headers?.get(Headers.clientAddress) || undefined;
    const ctx: RequestContext = { correlationId, actor, idempotencyKey, ...(clientAddress ? { clientAddress } : {}) };
    const subject = nats?.getSubject?.();
    const audit = this.audit && subject && this.audit.audits(subject) ? this.audit : undefined;
    const started = performance.now();
    const observe = (outcome: string) => rpcServerDuration.observe({ subject: subject ?? 'unknown', outcome }, (performance.now() - started) / 1000);
    return new Observable((subscriber) =>
      requestContext.run(ctx, () => {
        const handled = next.handle().pipe(
          tap({ complete: () => observe('ok'), error: (err: unknown) => observe(outcomeOf(err)) }),
        );
        if (!audit || !subject) return handled.subscribe(subscriber);
        const payload: unknown = context.switchToRpc().getData();
        return withAuditRecord(handled, (outcome) => audit.record({ subject, payload, context: ctx, ...outcome })).subscribe(subscriber);
      }),
    );
  }
}

/** an error's code for the metrics: an AppError's code, else `INTERNAL` (never its message) */
function outcomeOf(err: unknown): string {
  // an AppError; or an RpcException carrying an error body (the validation pipe's `{error: {code}}`)
  const body = typeof (err as { getError?: unknown })?.getError === 'function' ? (err as RpcException).getError() : undefined;
  const code = (err as { code?: unknown })?.code ?? (body as { code?: unknown })?.code ?? (body as { error?: { code?: unknown } })?.error?.code;
  return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : 'INTERNAL';
}

/** `source`, its answer (or error) held back until `record` has written the audit fact. */
function withAuditRecord<T>(source: Observable<T>, record: (outcome: { reply?: unknown; error?: unknown }) => Promise<void>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let last: T | undefined;
    let answered = false;
    return source.subscribe({
      next: (v) => {
        last = v;
        answered = true;
      },
      error: (err: unknown) => {
        void record({ error: err }).finally(() => subscriber.error(err));
      },
      complete: () => {
        void record({ reply: last }).finally(() => {
          if (answered) subscriber.next(last as T);
          subscriber.complete();
        });
      },
    });
  });
}
