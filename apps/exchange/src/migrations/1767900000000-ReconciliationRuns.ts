import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 每日对账 (issue 18.2): every reconciliation run — the night's of the day before and those a supervisor asks for — is
 * kept with what it found, for the supervisor to read; the night's job looks here whether it is due.
 */
export class ReconciliationRuns1767900000000 implements MigrationInterface {
  name = 'ReconciliationRuns1767900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE exchange.reconciliation_run (
      id bigserial PRIMARY KEY,
      date date NOT NULL,
      ran_at timestamptz NOT NULL,
      ran_by text NOT NULL,
      report jsonb NOT NULL,
      complete boolean NOT NULL
    )`);
    await q.query(`CREATE INDEX reconciliation_run_date ON exchange.reconciliation_run (date, ran_by)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange.reconciliation_run`);
  }
}
