import type { MigrationInterface, QueryRunner } from 'typeorm';
import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: a row per event, written in the same PostgreSQL transaction as the state change
 * that caused it. The relay publishes unpublished rows to JetStream with `Nats-Msg-Id = id`.
 * Lives in each service's own schema (the DataSource's default schema).
 */
@Entity({ name: 'outbox' })
@Index('outbox_unpublished', ['seq'], { where: 'published_at IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq!: string;

  @Column({ type: 'uuid', unique: true })
  id!: string;

  @Column({ type: 'text' })
  subject!: string;

  /** the whole EventEnvelope */
  @Column({ type: 'jsonb' })
  envelope!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'int', default: 0 })
  attempts!: number;
}

/** Inbox: one row per (consumer, event id) processed; inserted in the handler's transaction, so a redelivery changes nothing. */
@Entity({ name: 'processed_event' })
export class ProcessedEvent {
  @PrimaryColumn({ type: 'text' })
  consumer!: string;

  @PrimaryColumn({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'processed_at', type: 'timestamptz', default: () => 'now()' })
  processedAt!: Date;
}

/** Replies remembered per Idempotency-Key, written in the same transaction as what the request created. */
@Entity({ name: 'idempotency_key' })
export class IdempotencyRecord {
  @PrimaryColumn({ type: 'text' })
  scope!: string;

  @PrimaryColumn({ type: 'text' })
  key!: string;

  /** sha256 of the request body: the same key with another body is refused */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash!: string;

  @Column({ type: 'jsonb' })
  reply!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

export const PLATFORM_ENTITIES = [OutboxMessage, ProcessedEvent, IdempotencyRecord];

/** SQL of the platform tables, for each service's first migration (schema-qualified). */
export function platformTablesUp(schema: string): string[] {
  return [
    `CREATE TABLE "${schema}"."outbox" (
      "seq" bigserial PRIMARY KEY,
      "id" uuid NOT NULL UNIQUE,
      "subject" text NOT NULL,
      "envelope" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      "published_at" timestamptz,
      "attempts" int NOT NULL DEFAULT 0
    )`,
    `CREATE INDEX "outbox_unpublished" ON "${schema}"."outbox" ("seq") WHERE "published_at" IS NULL`,
    // wake the relay at commit time (NOTIFY is delivered only when the inserting transaction commits)
    `CREATE FUNCTION "${schema}"."outbox_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_notify('yc_outbox_${schema}', ''); RETURN NULL; END $$`,
    `CREATE TRIGGER "outbox_notify" AFTER INSERT ON "${schema}"."outbox" FOR EACH STATEMENT EXECUTE FUNCTION "${schema}"."outbox_notify"()`,
    `CREATE TABLE "${schema}"."processed_event" (
      "consumer" text NOT NULL,
      "event_id" uuid NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "event_id")
    )`,
    `CREATE TABLE "${schema}"."dead_letter" (
      "consumer" text NOT NULL,
      "event_id" uuid NOT NULL,
      "envelope" jsonb NOT NULL,
      "reason" text NOT NULL,
      "parked_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "event_id")
    )`,
    `CREATE TABLE "${schema}"."idempotency_key" (
      "scope" text NOT NULL,
      "key" text NOT NULL,
      "request_hash" text NOT NULL,
      "reply" jsonb NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("scope", "key")
    )`,
  ];
}

export function platformTablesDown(schema: string): string[] {
  return [`DROP TABLE "${schema}"."idempotency_key"`, `DROP TABLE "${schema}"."processed_event"`, `DROP TABLE "${schema}"."dead_letter"`, `DROP TABLE "${schema}"."outbox"`, `DROP FUNCTION IF EXISTS "${schema}"."outbox_notify"()`];
}

/**
 * The outbox is published right after each commit by the process that wrote it (OutboxRelay), so the NOTIFY
 * trigger that woke a listening relay at every commit is gone: one message to PostgreSQL and one wake-up
 * fewer per transaction with events. Each service's migration `…-OutboxPublishedOnCommit` runs these.
 */
export function outboxWithoutNotifyUp(schema: string): string[] {
  return [`DROP TRIGGER IF EXISTS "outbox_notify" ON "${schema}"."outbox"`, `DROP FUNCTION IF EXISTS "${schema}"."outbox_notify"()`];
}

export function outboxWithoutNotifyDown(schema: string): string[] {
  return platformTablesUp(schema).filter((sql) => /outbox_notify/.test(sql));
}

/** The migration each service lists (same name and timestamp everywhere): its outbox loses the NOTIFY trigger. */
export function outboxPublishedOnCommitMigration(schema: string): new () => MigrationInterface {
  return class OutboxPublishedOnCommit1765100000000 implements MigrationInterface {
    name = 'OutboxPublishedOnCommit1765100000000';

    async up(q: QueryRunner): Promise<void> {
      for (const sql of outboxWithoutNotifyUp(schema)) await q.query(sql);
    }

    async down(q: QueryRunner): Promise<void> {
      for (const sql of outboxWithoutNotifyDown(schema)) await q.query(sql);
    }
  };
}
