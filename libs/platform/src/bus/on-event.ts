import { DiscoveryService } from '@nestjs/core';
import type { EventDef } from '@yichuang/contracts';

export interface OnEventOptions {
  /** the event to consume */
  event: EventDef<object>;
  /** durable consumer name suffix; defaults to one derived from the subject. Change it only with a migration plan. */
  name?: string;
  /**
   * Failed deliveries before the event is parked in the `dead_letter` table and no longer retried
   * (default 50: with the back-off, about 45 minutes of retries). Parked events stay visible there.
   */
  maxDeliver?: number;
  /**
   * Wait this long after an event arrives on an idle consumer before handling, so that what arrives meanwhile is
   * handled in the same transaction (see EventConsumerHost). For consumers whose events nobody waits for and whose
   * per-transaction cost dominates (admin's audit trail); default 0: at once.
   */
  lingerMs?: number;
}

/**
 * Marks a provider method as the handler of one JetStream event:
 * `async handle(event: EventEnvelope<P>, tx: EntityManager): Promise<void>`.
 * It runs inside a PostgreSQL transaction that also records the event id, so a redelivery changes nothing.
 */
export const OnEvent = DiscoveryService.createDecorator<OnEventOptions>();
