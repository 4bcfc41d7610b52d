import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 项目代码核验: each accepted case's project code until the 投资项目在线审批监管平台 confirms it (`found`), says it does
 * not know it (`unknown`, checked again now and then) or — while it cannot be asked — `pending`.
 */
export class ProjectChecks1767500000000 implements MigrationInterface {
  name = 'ProjectChecks1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE exchange.project_check (
      case_no text PRIMARY KEY,
      project_code text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','found','unknown')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      checked_at timestamptz,
      last_error text,
      project jsonb,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX project_check_due ON exchange.project_check (next_attempt_at) WHERE status <> 'found'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange.project_check`);
  }
}
