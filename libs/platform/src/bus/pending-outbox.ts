import type { EntityManager, QueryRunner } from 'typeorm';
import type { EventEnvelope } from '@yichuang/contracts';

/** An outbox row written in a transaction, to be published as soon as that transaction commits. */
export interface PendingEvent {
  id: string;
  subject: string;
  envelope: EventEnvelope<object>;
  /** the transaction (or savepoint) depth it was written at: a rollback to a savepoint drops it */
  depth: number;
}

export interface PendingOutbox {
  events: PendingEvent[];
  /** rows were written without being tracked one by one (a set-based INSERT … SELECT): drain after commit */
  drain: boolean;
  /** run once the transaction has committed (afterCommit), with the depth they were registered at */
  callbacks: { depth: number; fn: () => void }[];
}

const PENDING = '__ycOutbox';

/** 1 in a transaction, 2+ inside savepoints: TypeORM keeps it on the runner, outside the QueryRunner interface. */
export function transactionDepth(qr: QueryRunner): number {
  return (qr as unknown as { transactionDepth?: number }).transactionDepth ?? (qr.isTransactionActive ? 1 : 0);
}

/** What a transaction has written to the outbox so far (kept on its QueryRunner until it ends). */
export function pendingOutbox(qr: QueryRunner, create = false): PendingOutbox | undefined {
  const data = qr.data as Record<string, PendingOutbox | undefined>;
  if (!data[PENDING] && create) data[PENDING] = { events: [], drain: false, callbacks: [] };
  return data[PENDING];
}

export function clearPendingOutbox(qr: QueryRunner): void {
  delete (qr.data as Record<string, unknown>)[PENDING];
}

/**
 * Run `fn` once the transaction `tx` runs in has committed — not if it (or the savepoint `fn` was registered in)
 * rolls back; at once if `tx` is not in a transaction (a single statement commits by itself). For work that must
 * only follow a durable change, in this process: e.g. waking a dispatcher for the row just written, without a
 * NOTIFY round trip. The OutboxRelay's TypeORM subscriber runs the callbacks.
 */
export function afterCommit(tx: EntityManager, fn: () => void): void {
  const qr = tx.queryRunner;
  if (!qr?.isTransactionActive) {
    fn();
    return;
  }
  pendingOutbox(qr, true)?.callbacks.push({ depth: transactionDepth(qr), fn });
}
