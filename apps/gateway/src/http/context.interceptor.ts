import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Headers } from '@yichuang/contracts';
import { requestContext } from '@yichuang/platform';
import type { Response } from 'express';
import { Observable } from 'rxjs';
import type { AuthedRequest } from './auth.js';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,200}$/;

/**
 * Starts the request context: correlation id (taken from `x-correlation-id` or new), actor, Idempotency-Key, and the
 * client's address (`req.ip`, for the services' audit trail: forwarded in the `x-client-address` NATS header).
 */
@Injectable()
export class HttpContextInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const given = req.headers[Headers.correlationId];
    const correlationId = typeof given === 'string' && /^[A-Za-z0-9-]{8,100}$/.test(given) ? given : requestContext.newCorrelationId();
    res.setHeader(Headers.correlationId, correlationId);
    const key = req.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' && IDEMPOTENCY_KEY.test(key) ? key : undefined;
    const clientAddress = req.ip ?? req.socket?.remoteAddress;
    return new Observable((subscriber) =>
      requestContext.run(
        { correlationId, ...(req.actor ? { actor: req.actor } : {}), ...(idempotencyKey ? { idempotencyKey } : {}), ...(clientAddress ? { clientAddress } : {}) },
        () => next.handle().subscribe(subscriber),
      ),
    );
  }
}
