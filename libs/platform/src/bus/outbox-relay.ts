import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { Headers } from '@yichuang/contracts';
import { BUS_OPTIONS, NATS_CONNECTION, type BusOptions, type NatsConnection } from './tokens.js';
import { DATABASE_URL } from '../database/tokens.js';

const BATCH = 200;
const POLL_MS = 1000;
const RETENTION_DAYS = 7;

/**
 * Publishes committed outbox rows to JetStream, oldest first, with `Nats-Msg-Id` = event id so that a
 * row published twice (relay killed between publish and marking) is dropped by JetStream's
 * de-duplication window; consumers' inboxes catch anything older.
 *
 * Wakes on PostgreSQL NOTIFY (a trigger on the outbox table, fired at commit) and polls every second as a
 * safety net. Several instances share the work with `FOR UPDATE SKIP LOCKED`.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private js!: JetStreamClient;
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastCleanup = 0;
  private failures = 0;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_OPTIONS) private readonly options: BusOptions,
    @Inject(DATABASE_URL) private readonly databaseUrl: string,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.js = jetstream(this.nc);
    await this.listen();
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /** Ask for a drain now (coalesces concurrent calls). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async listen(): Promise<void> {
    const schema = this.schema();
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: `${this.options.service}-outbox-listen` });
    client.on('error', (err) => {
      this.logger.warn(`outbox listener lost its connection: ${err.message}; polling continues`);
      this.listener = undefined;
    });
    await client.connect();
    client.on('notification', () => this.kick());
    await client.query(`LISTEN "${outboxChannel(schema)}"`);
    this.listener = client;
  }

  private schema(): string {
    const opts = this.dataSource.options as { schema?: string };
    return opts.schema ?? 'public';
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const n = await this.publishBatch();
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

  private async publishBatch(): Promise<number> {
    const schema = this.schema();
    return this.dataSource.transaction(async (tx) => {
      const rows: { seq: string; id: string; subject: string; envelope: { correlationId?: string } }[] = await tx.query(
        `SELECT seq, id, subject, envelope FROM "${schema}"."outbox" WHERE published_at IS NULL ORDER BY seq LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      // Publish in order, awaiting the acks together: JetStream keeps one connection's publish order.
      await Promise.all(
        rows.map((r) => {
          const h = natsHeaders();
          if (r.envelope.correlationId) h.set(Headers.correlationId, r.envelope.correlationId);
          return this.js.publish(r.subject, JSON.stringify(r.envelope), { msgID: r.id, headers: h, timeout: 5000 });
        }),
      );
      await tx.query(`UPDATE "${schema}"."outbox" SET published_at = now() WHERE seq = ANY($1::bigint[])`, [rows.map((r) => r.seq)]);
      return rows.length;
    });
  }

  private async cleanup(): Promise<void> {
    const now = Date.now();
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

export function outboxChannel(schema: string): string {
  return `yc_outbox_${schema}`;
}
