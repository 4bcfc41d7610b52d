import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { EventDef, EventEnvelope } from '@yichuang/contracts';
import { requestContext } from '../context/request-context.js';
import { BUS_OPTIONS, type BusOptions } from './tokens.js';

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
}

const PENDING = '__ycOutbox';

/** 1 in a transaction, 2+ inside savepoints: TypeORM keeps it on the runner, outside the QueryRunner interface. */
export function transactionDepth(qr: QueryRunner): number {
  return (qr as unknown as { transactionDepth?: number }).transactionDepth ?? (qr.isTransactionActive ? 1 : 0);
}

/** What a transaction has written to the outbox so far (kept on its QueryRunner until it ends). */
export function pendingOutbox(qr: QueryRunner, create = false): PendingOutbox | undefined {
  const data = qr.data as Record<string, PendingOutbox | undefined>;
  if (!data[PENDING] && create) data[PENDING] = { events: [], drain: false };
  return data[PENDING];
}

export function clearPendingOutbox(qr: QueryRunner): void {
  delete (qr.data as Record<string, unknown>)[PENDING];
}

/**
 * Writes domain events into the service's outbox table inside the caller's transaction.
 * The event is published to JetStream only once that transaction commits — by the OutboxRelay, right after
 * the commit, from this process (or by its safety-net poll if this process dies first) — so a state change and
 * its event are never separated.
 */
@Injectable()
export class Outbox {
  constructor(@Inject(BUS_OPTIONS) private readonly options: BusOptions) {}

  async add<P extends object>(tx: EntityManager, def: EventDef<P>, data: P, id: string = randomUUID()): Promise<EventEnvelope<P>> {
    const envelope = this.envelope(def, data, id);
    const qr = this.activeRunner(tx, def.subject);
    await tx.query(`INSERT INTO outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [id, def.subject, JSON.stringify(envelope)]);
    this.track(tx, envelope, qr);
    return envelope;
  }

  /**
   * The envelope `add` would write, for a caller that writes the outbox row itself in a larger statement
   * (`INSERT INTO outbox (id, subject, envelope)` with `envelope.id`, `envelope.type`), in its transaction;
   * it then calls `track` with the envelope exactly as written.
   */
  envelope<P extends object>(def: EventDef<P>, data: P, id: string = randomUUID()): EventEnvelope<P> {
    return {
      id,
      type: def.subject,
      source: this.options.service,
      occurredAt: new Date().toISOString(),
      correlationId: requestContext.correlationId() ?? id,
      data,
    };
  }

  /** Publish this row (written by the caller in `tx`) right after `tx` commits. */
  track(tx: EntityManager, envelope: EventEnvelope<object>, qr = this.activeRunner(tx, envelope.type)): void {
    pendingOutbox(qr, true)?.events.push({ id: envelope.id, subject: envelope.type, envelope, depth: transactionDepth(qr) });
  }

  /** Rows were written set-based (INSERT … SELECT) in `tx`: publish whatever is unpublished right after it commits. */
  drainAfterCommit(tx: EntityManager): void {
    const p = pendingOutbox(this.activeRunner(tx, 'outbox'), true);
    if (p) p.drain = true;
  }

  private activeRunner(tx: EntityManager, what: string): QueryRunner {
    const qr = tx.queryRunner;
    if (!qr?.isTransactionActive) throw new Error(`Outbox (${what}) must be written inside a transaction`);
    return qr;
  }
}
