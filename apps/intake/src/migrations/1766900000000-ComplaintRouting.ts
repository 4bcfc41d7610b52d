import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 投诉 made complete: routed to a department, linked to the case, window and staff, answered by the department. */
export class ComplaintRouting1766900000000 implements MigrationInterface {
  name = 'ComplaintRouting1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.consultation
      ADD COLUMN department text, ADD COLUMN case_no text, ADD COLUMN window_no text, ADD COLUMN staff text,
      ADD COLUMN reply text, ADD COLUMN replied_by text, ADD COLUMN replied_at timestamptz`);
    await q.query(`ALTER TABLE intake.alarm ADD COLUMN department text`);
    await q.query(`CREATE INDEX consultation_open_complaints ON intake.consultation (due_date) WHERE kind = 'complaint' AND status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX intake.consultation_open_complaints`);
    await q.query(`ALTER TABLE intake.alarm DROP COLUMN department`);
    await q.query(`ALTER TABLE intake.consultation DROP COLUMN department, DROP COLUMN case_no, DROP COLUMN window_no, DROP COLUMN staff,
      DROP COLUMN reply, DROP COLUMN replied_by, DROP COLUMN replied_at`);
  }
}
