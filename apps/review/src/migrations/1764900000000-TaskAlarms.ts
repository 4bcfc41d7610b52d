import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Electronic supervision of review tasks (电子监察): one row per (task, level), raised once. */
export class TaskAlarms1764900000000 implements MigrationInterface {
  name = 'TaskAlarms1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE review.task_alarm (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      task_id uuid NOT NULL REFERENCES review.review_task(id),
      case_no text NOT NULL, department_code text NOT NULL,
      level text NOT NULL CHECK (level IN ('yellow','red')),
      due_date date NOT NULL, remaining int NOT NULL,
      raised_at timestamptz NOT NULL, acknowledged_at timestamptz, acknowledged_by text,
      UNIQUE (task_id, level))`);
    await q.query(`CREATE INDEX task_alarm_open ON review.task_alarm (raised_at DESC) WHERE acknowledged_at IS NULL`);
    // the sweep's range scans: open tasks (the only ones with a running clock) by due date
    await q.query(`CREATE INDEX review_task_open_due ON review.review_task (due_date) INCLUDE (id) WHERE status IN ('pending','claimed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX review.review_task_open_due`);
    await q.query(`DROP TABLE review.task_alarm`);
  }
}
