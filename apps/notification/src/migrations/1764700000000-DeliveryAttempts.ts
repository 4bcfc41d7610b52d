import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Retries with back-off: when a message may be tried again, and why its last try failed. */
export class DeliveryAttempts1764700000000 implements MigrationInterface {
  name = 'DeliveryAttempts1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.message ADD COLUMN next_attempt_at timestamptz, ADD COLUMN last_error text`);
    await q.query(`UPDATE notification.message SET next_attempt_at = created_at WHERE status IN ('created', 'temporary_failure')`);
    await q.query(`DROP INDEX notification.message_waiting`);
    await q.query(`CREATE INDEX message_due ON notification.message (next_attempt_at) WHERE status IN ('created', 'temporary_failure') AND next_attempt_at IS NOT NULL`);
    await q.query(`CREATE INDEX message_provider ON notification.message (provider_id) WHERE provider_id IS NOT NULL`);
    await q.query(`ALTER TABLE notification.message ADD CONSTRAINT message_status CHECK (status IN ('created','sending','delivered','temporary_failure','permanent_failure','technical_failure'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.message DROP CONSTRAINT message_status`);
    await q.query(`DROP INDEX notification.message_provider`);
    await q.query(`DROP INDEX notification.message_due`);
    await q.query(`CREATE INDEX message_waiting ON notification.message (created_at) WHERE status IN ('created','temporary_failure')`);
    await q.query(`ALTER TABLE notification.message DROP COLUMN last_error, DROP COLUMN next_attempt_at`);
  }
}
