import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { DataSource, type EntitySubscriberInterface, type QueryRunner, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';
import { Headers } from '@yichuang/contracts';
import { NATS_CONNECTION, type NatsConnection } from './tokens.js';
import { clearPendingOutbox, pendingOutbox, transactionDepth, type PendingEvent } from './pending-outbox.js';

const BATCH = 200;
const POLL_MS = 1000;
/** the poll leaves younger rows to the publisher that wrote them (it publishes them right after its commit) */
const POLL_MIN_AGE_MS = 2000;
const RETENTION_DAYS = 7;
/** published rows are marked together, at most this long after publishing (well inside POLL_MIN_AGE_MS) */
const MARK_DELAY_MS = 100;

/**
 * Publishes committed outbox rows to JetStream with `Nats-Msg-Id` = event id, so that a row published twice
 * (a process killed between publishing and marking, or the poll meeting a row the writer is publishing) is
 * dropped by JetStream's de-duplication window; consumers' inboxes catch anything older.
 *
 * - Right after commit: the transaction's own rows, handed over by a TypeORM `afterTransactionCommit`
 *   subscriber from what `Outbox.add` tracked on the transaction (dropped on rollback, savepoints included);
 *   marked published together every 100 ms. No round trip to find them, no NOTIFY.
 * - Safety net: every second, rows still unpublished after two seconds (the writer died between commit and
 *   publish, or NATS was down), oldest first, shared among instances with `FOR UPDATE SKIP LOCKED`; also at
 *   once after a set-based write (`Outbox.drainAfterCommit`).
 */
@Injectable()
export class OutboxRelay implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private js!: JetStreamClient;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again: { minAgeMs: number } | null = null;
  private stopped = false;
  /** when the last retention clean-up ran (performance.now(): elapsed time only) */
  private lastCleanup = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private fastFailures = 0;
  /** publishes right after commit, still in flight */
  private readonly inFlight = new Set<Promise<void>>();
  /** ids published, waiting to be marked; one UPDATE at a time takes all that gathered */
  private toMark: string[] = [];
  private marking: Promise<void> | null = null;
  private markTimer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  onModuleInit(): void {
    this.js = jetstream(this.nc);
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (e: TransactionCommitEvent) => this.committed(e.queryRunner),
      afterTransactionRollback: (e: TransactionRollbackEvent) => this.rolledBack(e.queryRunner),
    };
    // a plain object (not a class TypeORM would construct) so that it can reach this relay
    (this.dataSource.subscribers as EntitySubscriberInterface[]).push(subscriber);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(POLL_MIN_AGE_MS), POLL_MS);
    this.timer.unref();
    this.kick(POLL_MIN_AGE_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
    await this.running;
    clearTimeout(this.markTimer);
    await this.flushMarks();
  }

  /** Ask for a drain of unpublished rows at least `minAgeMs` old (coalesces concurrent calls). */
  kick(minAgeMs = 0): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = { minAgeMs: Math.min(minAgeMs, this.again?.minAgeMs ?? minAgeMs) };
      return;
    }
    this.running = this.drain(minAgeMs).finally(() => {
      this.running = null;
      const again = this.again;
      this.again = null;
      if (again && !this.stopped) this.kick(again.minAgeMs);
    });
  }

  private committed(qr: QueryRunner): void {
    const pending = pendingOutbox(qr);
    if (!pending) return;
    if (qr.isTransactionActive) {
      // a savepoint was released: what it wrote now stands or falls with the enclosing transaction
      const depth = transactionDepth(qr);
      for (const e of [...pending.events, ...pending.callbacks]) if (e.depth > depth) e.depth = depth;
      return;
    }
    clearPendingOutbox(qr);
    this.publishNow(pending.events);
    if (pending.drain) this.kick(0);
    for (const c of pending.callbacks) {
      try {
        c.fn();
      } catch (err) {
        this.logger.warn(`an after-commit callback failed: ${(err as Error).message}`);
      }
    }
  }

  /** Publish committed rows now, in the background (marked when JetStream has them; the poll retries on failure). */
  publishNow(events: PendingEvent[]): void {
    if (events.length === 0 || this.stopped) return;
    const p = this.publishCommitted(events).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private rolledBack(qr: QueryRunner): void {
    const pending = pendingOutbox(qr);
    if (!pending) return;
    if (!qr.isTransactionActive) {
      clearPendingOutbox(qr);
      return;
    }
    // rolled back to a savepoint: what was written inside it is gone
    const depth = transactionDepth(qr);
    pending.events = pending.events.filter((e) => e.depth <= depth);
    pending.callbacks = pending.callbacks.filter((c) => c.depth <= depth);
  }

  private async publishCommitted(events: PendingEvent[]): Promise<void> {
    try {
      await Promise.all(events.map((e) => this.publish(e.id, e.subject, e.envelope)));
      this.fastFailures = 0;
      this.toMark.push(...events.map((e) => e.id));
      this.markTimer ??= setTimeout(() => {
        this.markTimer = undefined;
        void this.flushMarks();
      }, MARK_DELAY_MS);
    } catch (err) {
      // left unpublished (or unmarked): the poll publishes them again, JetStream drops what it already has
      this.fastFailures++;
      if (this.fastFailures === 1 || this.fastFailures % 100 === 0) {
        this.logger.warn(`publishing after commit failed (${this.fastFailures}x), the poll will retry: ${(err as Error).message}`);
      }
    }
  }

  private publish(id: string, subject: string, envelope: { correlationId?: string }): Promise<unknown> {
    const h = natsHeaders();
    if (envelope.correlationId) h.set(Headers.correlationId, envelope.correlationId);
    return this.js.publish(subject, JSON.stringify(envelope), { msgID: id, headers: h, timeout: 5000 });
  }

  /** Mark what was published, one UPDATE at a time for everything gathered meanwhile (never throws). */
  private async flushMarks(): Promise<void> {
    while (this.marking) await this.marking;
    if (this.toMark.length === 0) return;
    const ids = this.toMark;
    this.toMark = [];
    this.marking = this.dataSource
      .query(`UPDATE "${this.schema()}"."outbox" SET published_at = now() WHERE id = ANY($1::uuid[]) AND published_at IS NULL`, [ids])
      .then(
        () => undefined,
        (err: Error) => {
          // unmarked rows are published again by the poll and dropped by JetStream as duplicates
          this.logger.warn(`marking ${ids.length} published event(s) failed: ${err.message}`);
        },
      )
      .finally(() => (this.marking = null));
    await this.marking;
  }

  private schema(): string {
    const opts = this.dataSource.options as { schema?: string };
    return opts.schema ?? 'public';
  }

  private async drain(minAgeMs: number): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const n = await this.publishBatch(minAgeMs);
        this.failures = 0;
        if (n < BATCH) break;
      }
      await this.cleanup();
    } catch (err) {
      this.failures++;
      // Back off a little; the rows stay unpublished and are retried. Nothing is lost.
      if (this.failures === 1 || this.failures % 30 === 0) {
        this.logger.warn(`outbox relay failed (attempt ${this.failures}): ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, Math.min(5000, 100 * 2 ** Math.min(this.failures, 6))));
    }
  }

  private async publishBatch(minAgeMs: number): Promise<number> {
    const schema = this.schema();
    return this.dataSource.transaction(async (tx) => {
      const rows: { seq: string; id: string; subject: string; envelope: { correlationId?: string } }[] = await tx.query(
        `SELECT seq, id, subject, envelope FROM "${schema}"."outbox"
         WHERE published_at IS NULL AND created_at <= now() - make_interval(secs => $1::float8 / 1000)
         ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
        [minAgeMs],
      );
      if (rows.length === 0) return 0;
      // Publish in order, awaiting the acks together: JetStream keeps one connection's publish order.
      await Promise.all(rows.map((r) => this.publish(r.id, r.subject, r.envelope)));
      await tx.query(`UPDATE "${schema}"."outbox" SET published_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
      return rows.length;
    });
  }

  private async cleanup(): Promise<void> {
    const now = performance.now();
    if (now - this.lastCleanup < 3600_000) return;
    this.lastCleanup = now;
    const schema = this.schema();
    await this.dataSource.query(
      `DELETE FROM "${schema}"."outbox" WHERE published_at < now() - interval '${RETENTION_DAYS} days'`,
    );
    await this.dataSource.query(
      `DELETE FROM "${schema}"."processed_event" WHERE processed_at < now() - interval '${RETENTION_DAYS * 5} days'`,
    );
  }
}
