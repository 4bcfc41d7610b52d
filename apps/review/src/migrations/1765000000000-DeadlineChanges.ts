import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Which running deadlines a calendar change moved (version → task, old and new due date). */
export class DeadlineChanges1765000000000 implements MigrationInterface {
  name = 'DeadlineChanges1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE review.deadline_change (
      calendar_version int NOT NULL, task_id uuid NOT NULL REFERENCES review.review_task(id),
      case_no text NOT NULL, department_code text NOT NULL, old_due_date date NOT NULL, new_due_date date NOT NULL,
      changed_at timestamptz NOT NULL, PRIMARY KEY (calendar_version, task_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review.deadline_change`);
  }
}
