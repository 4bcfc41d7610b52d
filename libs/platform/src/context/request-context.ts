import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { Actor } from '@yichuang/contracts';

/** What travels with one request from the HTTP edge through every message and log line. */
export interface RequestContext {
  correlationId: string;
  actor?: Actor;
  /** the caller's Idempotency-Key, when it sent one */
  idempotencyKey?: string;
  /** the client's address as the gateway saw it (audit trail); absent for messages that did not come through it */
  clientAddress?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(ctx: RequestContext, fn: () => T): T {
    return storage.run(ctx, fn);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },
  actor(): Actor | undefined {
    return storage.getStore()?.actor;
  },
  newCorrelationId(): string {
    return randomUUID();
  },
};
