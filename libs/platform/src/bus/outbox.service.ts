import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventDef, EventEnvelope } from '@yichuang/contracts';
import { requestContext } from '../context/request-context.js';
import { BUS_OPTIONS, type BusOptions } from './tokens.js';

/**
 * Writes domain events into the service's outbox table inside the caller's transaction.
 * The event is published to JetStream by the OutboxRelay only once that transaction commits,
 * so a state change and its event are never separated.
 */
@Injectable()
export class Outbox {
  constructor(@Inject(BUS_OPTIONS) private readonly options: BusOptions) {}

  async add<P extends object>(tx: EntityManager, def: EventDef<P>, data: P, id: string = randomUUID()): Promise<EventEnvelope<P>> {
    if (!tx.queryRunner?.isTransactionActive) {
      throw new Error(`Outbox.add(${def.subject}) must run inside a transaction`);
    }
    const envelope = this.envelope(def, data, id);
    await tx.query(`INSERT INTO outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [id, def.subject, JSON.stringify(envelope)]);
    return envelope;
  }

  /**
   * The envelope `add` would write, for a caller that writes the outbox row itself in a larger statement
   * (`INSERT INTO outbox (id, subject, envelope)` with `envelope.id`, `envelope.type`), in its transaction.
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
}
