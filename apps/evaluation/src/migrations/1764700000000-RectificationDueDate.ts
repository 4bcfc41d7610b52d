import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A rectification's deadline is a calendar date (due_date), not an instant; statuses and channels checked. */
export class RectificationDueDate1764700000000 implements MigrationInterface {
  name = 'RectificationDueDate1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evaluation.rectification ADD COLUMN due_date date, ADD COLUMN created_at timestamptz`);
    await q.query(`UPDATE evaluation.rectification r SET due_date = (r.due_at AT TIME ZONE 'Asia/Shanghai')::date, created_at = e.created_at
                   FROM evaluation.evaluation e WHERE e.id = r.evaluation_id`);
    await q.query(`ALTER TABLE evaluation.rectification ALTER COLUMN due_date SET NOT NULL, ALTER COLUMN created_at SET NOT NULL, DROP COLUMN due_at`);
    await q.query(`ALTER TABLE evaluation.rectification ADD CONSTRAINT rectification_status
                   CHECK (status IN ('pending_callback','rectifying','done','invalid','cannot_rectify','overdue'))`);
    await q.query(`CREATE INDEX rectification_open ON evaluation.rectification (due_date) WHERE status IN ('pending_callback','rectifying')`);
    await q.query(`ALTER TABLE evaluation.evaluation ADD CONSTRAINT evaluation_channel CHECK (channel IN ('pad','paper','online'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evaluation.evaluation DROP CONSTRAINT evaluation_channel`);
    await q.query(`DROP INDEX evaluation.rectification_open`);
    await q.query(`ALTER TABLE evaluation.rectification DROP CONSTRAINT rectification_status`);
    await q.query(`ALTER TABLE evaluation.rectification ADD COLUMN due_at timestamptz`);
    await q.query(`UPDATE evaluation.rectification SET due_at = (due_date::timestamp AT TIME ZONE 'Asia/Shanghai')`);
    await q.query(`ALTER TABLE evaluation.rectification ALTER COLUMN due_at SET NOT NULL, DROP COLUMN due_date, DROP COLUMN created_at`);
  }
}
