import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The provincial 好差评 push's outbox: one row per evaluation event to report, keyed by the event id (our id). */
export class ProvincialPush1767000000000 implements MigrationInterface {
  name = 'ProvincialPush1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE evaluation.push_outbox (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('rating','rectification')),
      case_no text,
      record jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','pushed','rejected')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      pushed_at timestamptz,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX push_outbox_due ON evaluation.push_outbox (next_attempt_at) WHERE status = 'pending'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evaluation.push_outbox`);
  }
}
