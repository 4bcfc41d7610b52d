import { DiscoveryService } from '@nestjs/core';
import type { EventDef } from '@yichuang/contracts';

export interface OnEventOptions {
  /** the event to consume */
  event: EventDef<object>;
  /** durable consumer name suffix; defaults to one derived from the subject. Change it only with a migration plan. */
  name?: string;
  /** max deliveries before the event is parked in the dead-letter table (default: unlimited retries with back-off) */
  maxDeliver?: number;
}

/**
 * Marks a provider method as the handler of one JetStream event:
 * `async handle(event: EventEnvelope<P>, tx: EntityManager): Promise<void>`.
 * It runs inside a PostgreSQL transaction that also records the event id, so a redelivery changes nothing.
 */
export const OnEvent = DiscoveryService.createDecorator<OnEventOptions>();
