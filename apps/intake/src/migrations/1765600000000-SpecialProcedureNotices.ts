import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The 特别程序告知书 (Art. 45) joins the window's numbered documents: written when a special procedure stops a clock. */
export class SpecialProcedureNotices1765600000000 implements MigrationInterface {
  name = 'SpecialProcedureNotices1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.document DROP CONSTRAINT document_kind_check`);
    await q.query(`ALTER TABLE intake.document ADD CONSTRAINT document_kind_check CHECK (kind IN ('one_time_notice','acceptance_notice','rejection_decision','special_procedure_notice'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM intake.document WHERE kind = 'special_procedure_notice'`);
    await q.query(`ALTER TABLE intake.document DROP CONSTRAINT document_kind_check`);
    await q.query(`ALTER TABLE intake.document ADD CONSTRAINT document_kind_check CHECK (kind IN ('one_time_notice','acceptance_notice','rejection_decision'))`);
  }
}
