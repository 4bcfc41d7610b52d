import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every try of a message is a row, committed before the provider is asked: which provider, with which client
 * reference, and later its answer and its delivery receipt. A try whose answer never came (the process stopped,
 * the connection broke) is `unknown` and its message `unconfirmed`: never sent again, settled by a late receipt.
 */
export class ProviderAttempts1766000000000 implements MigrationInterface {
  name = 'ProviderAttempts1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification.message_attempt (
        id uuid PRIMARY KEY,
        message_id uuid NOT NULL REFERENCES notification.message (id),
        no int NOT NULL,
        provider text NOT NULL,
        client_ref text NOT NULL,
        recipient text NOT NULL,
        status text NOT NULL CHECK (status IN ('submitting','sending','delivered','temporary_failure','permanent_failure','unknown')),
        provider_message_id text,
        error text,
        started_at timestamptz NOT NULL,
        answered_at timestamptz,
        latency_ms int,
        receipt_status text CHECK (receipt_status IN ('delivered','temporary_failure','permanent_failure')),
        receipt_reason text,
        receipt_at timestamptz,
        UNIQUE (message_id, no)
      )`);
    await q.query(`CREATE INDEX message_attempt_provider_id ON notification.message_attempt (provider, provider_message_id) WHERE provider_message_id IS NOT NULL`);
    await q.query(`CREATE INDEX message_attempt_client_ref ON notification.message_attempt (provider, client_ref)`);
    await q.query(`CREATE INDEX message_attempt_submitting ON notification.message_attempt (started_at) WHERE status = 'submitting'`);
    await q.query(`ALTER TABLE notification.message ADD COLUMN provider text, ADD COLUMN current_attempt_id uuid`);
    await q.query(`ALTER TABLE notification.message DROP CONSTRAINT message_status`);
    await q.query(
      `ALTER TABLE notification.message ADD CONSTRAINT message_status CHECK (status IN ('created','sending','delivered','temporary_failure','permanent_failure','technical_failure','unconfirmed'))`,
    );
    await q.query(`CREATE INDEX message_attempt_recipient ON notification.message_attempt (recipient, started_at)`);
    await q.query(`CREATE INDEX message_problem ON notification.message (case_no) WHERE status IN ('permanent_failure','technical_failure','unconfirmed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification.message_problem`);
    await q.query(`UPDATE notification.message SET status = 'sending' WHERE status = 'unconfirmed'`);
    await q.query(`ALTER TABLE notification.message DROP CONSTRAINT message_status`);
    await q.query(`ALTER TABLE notification.message ADD CONSTRAINT message_status CHECK (status IN ('created','sending','delivered','temporary_failure','permanent_failure','technical_failure'))`);
    await q.query(`ALTER TABLE notification.message DROP COLUMN current_attempt_id, DROP COLUMN provider`);
    await q.query(`DROP TABLE notification.message_attempt`);
  }
}
