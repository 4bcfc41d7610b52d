import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Written documents (一次性告知书, 受理通知书, 不予受理决定书), submission rounds, delivery method. */
export class Documents1764300000000 implements MigrationInterface {
  name = 'Documents1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.application
      ADD COLUMN round int NOT NULL DEFAULT 0,
      ADD COLUMN delivery jsonb NOT NULL DEFAULT '{"method":"pickup"}'::jsonb`);
    await q.query(`CREATE TABLE intake.document_sequence (kind text NOT NULL, year int NOT NULL, last_value int NOT NULL, PRIMARY KEY (kind, year))`);
    await q.query(`CREATE TABLE intake.document (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('one_time_notice','acceptance_notice','rejection_decision')),
      application_id uuid NOT NULL REFERENCES intake.application(id),
      case_no text, round int NOT NULL, document_no text NOT NULL UNIQUE,
      data jsonb NOT NULL, pdf bytea, created_at timestamptz NOT NULL, created_by text NOT NULL)`);
    // the law's rule, kept by the database: one one-time notice per submission round
    await q.query(`CREATE UNIQUE INDEX document_one_notice_per_round ON intake.document (application_id, round) WHERE kind = 'one_time_notice'`);
    await q.query(`CREATE INDEX document_application ON intake.document (application_id, kind)`);
    await q.query(`CREATE INDEX document_case ON intake.document (case_no, kind) WHERE case_no IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.document`);
    await q.query(`DROP TABLE intake.document_sequence`);
    await q.query(`ALTER TABLE intake.application DROP COLUMN round, DROP COLUMN delivery`);
  }
}
