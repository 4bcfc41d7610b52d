import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager, QueryRunner } from 'typeorm';
import type { EventDef, EventEnvelope } from '@yichuang/contracts';
import { Clock } from '../clock/clock.js';
import { hasPiiCipher, sealPii } from '../crypto/pii.js';
import { requestContext } from '../context/request-context.js';
import { BUS_OPTIONS, type BusOptions } from './tokens.js';
import { OutboxRelay } from './outbox-relay.js';
import { pendingOutbox, transactionDepth } from './pending-outbox.js';

/**
 * Writes domain events into the service's outbox table inside the caller's transaction.
 * The event is published to JetStream only once that transaction commits — by the OutboxRelay, right after
 * the commit, from this process (or by its safety-net poll if this process dies first) — so a state change and
 * its event are never separated.
 */
@Injectable()
export class Outbox {
  constructor(
    @Inject(BUS_OPTIONS) private readonly options: BusOptions,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
  ) {}

  async add<P extends object>(tx: EntityManager, def: EventDef<P>, data: P, id: string = randomUUID()): Promise<EventEnvelope<P>> {
    const envelope = this.envelope(def, data, id);
    const qr = this.activeRunner(tx, def.subject);
    await tx.query(`INSERT INTO outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [id, def.subject, JSON.stringify(envelope)]);
    this.track(tx, envelope, qr);
    return envelope;
  }

  /** Several events (of any subjects) in one INSERT, in the given order, in the caller's transaction. */
  async addMany(tx: EntityManager, events: { def: EventDef<object>; data: object }[]): Promise<EventEnvelope<object>[]> {
    if (events.length === 0) return [];
    const qr = this.activeRunner(tx, events[0]?.def.subject ?? 'outbox');
    const envelopes = events.map((e) => this.envelope(e.def, e.data));
    await tx.query(
      `INSERT INTO outbox (id, subject, envelope)
       SELECT x.id, x.subject, x.envelope FROM unnest($1::uuid[], $2::text[], $3::jsonb[]) WITH ORDINALITY AS x(id, subject, envelope, n) ORDER BY x.n`,
      [envelopes.map((e) => e.id), envelopes.map((e) => e.type), envelopes.map((e) => JSON.stringify(e))],
    );
    for (const e of envelopes) this.track(tx, e, qr);
    return envelopes;
  }

  /**
   * The envelope `add` would write, for a caller that writes the outbox row itself in a larger statement
   * (`INSERT INTO outbox (id, subject, envelope)` with `envelope.id`, `envelope.type`), in its transaction;
   * it then calls `track` with the envelope exactly as written. `occurredAt` is the service's Clock.
   */
  envelope<P extends object>(def: EventDef<P>, data: P, id: string = randomUUID()): EventEnvelope<P> {
    return {
      id,
      type: def.subject,
      source: this.options.service,
      occurredAt: this.clock.now().toISOString(),
      correlationId: requestContext.correlationId() ?? id,
      // no resident ID number leaves in clear, in the outbox row or on the wire: masked, plus `…Sealed` (pii.ts)
      data: hasPiiCipher() ? sealPii(data) : data,
    };
  }

  /** Publish this row (written by the caller in `tx`) right after `tx` commits. */
  track(tx: EntityManager, envelope: EventEnvelope<object>, qr = this.activeRunner(tx, envelope.type)): void {
    pendingOutbox(qr, true)?.events.push({ id: envelope.id, subject: envelope.type, envelope, depth: transactionDepth(qr) });
  }

  /**
   * Like `track`, for a row written by a statement that may have run outside any transaction (a single statement
   * is atomic by itself): then it is committed already and is published now.
   */
  trackCommitted(m: EntityManager, envelope: EventEnvelope<object>): void {
    if (m.queryRunner?.isTransactionActive) this.track(m, envelope);
    else this.relay.publishNow([{ id: envelope.id, subject: envelope.type, envelope, depth: 0 }]);
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
