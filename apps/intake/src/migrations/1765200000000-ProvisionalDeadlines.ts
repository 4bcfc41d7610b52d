import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Art. 32 deadline of an application stored (so a calendar change can say how it moved), and the running
 * deadlines of intake (Art. 32 windows, complaints) that each calendar version moved.
 */
export class ProvisionalDeadlines1765200000000 implements MigrationInterface {
  name = 'ProvisionalDeadlines1765200000000';

  async up(q: QueryRunner): Promise<void> {
    // filled by the Art. 32 sweep for applications made before this column existed
    await q.query(`ALTER TABLE intake.application ADD COLUMN notice_due_date date`);
    await q.query(`CREATE TABLE intake.deadline_change (
      calendar_version int NOT NULL, kind text NOT NULL CHECK (kind IN ('art32_notice', 'complaint')), ref uuid NOT NULL,
      old_due_date date NOT NULL, new_due_date date NOT NULL, changed_at timestamptz NOT NULL,
      PRIMARY KEY (calendar_version, kind, ref))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.deadline_change`);
    await q.query(`ALTER TABLE intake.application DROP COLUMN notice_due_date`);
  }
}
