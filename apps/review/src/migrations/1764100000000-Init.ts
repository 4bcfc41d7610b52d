import type { MigrationInterface, QueryRunner } from 'typeorm';
import { platformTablesDown, platformTablesUp } from '@yichuang/platform';

export class Init1764100000000 implements MigrationInterface {
  name = 'Init1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of platformTablesUp('review')) await q.query(sql);
    await q.query(`CREATE TABLE review.review_task (
      id uuid PRIMARY KEY, case_no text NOT NULL, item_code text NOT NULL, item_name text NOT NULL,
      department_code text NOT NULL, department_name text NOT NULL, promised_days int NOT NULL,
      start_date date NOT NULL, due_date date NOT NULL,
      status text NOT NULL CHECK (status IN ('pending','claimed','suspended','correction_requested','approved','denied')),
      assignee text, outcome text CHECK (outcome IN ('approve','deny')), opinion text, decided_by text, decided_at timestamptz,
      created_at timestamptz NOT NULL,
      UNIQUE (case_no, item_code))`);
    await q.query(`CREATE INDEX review_task_inbox ON review.review_task (department_code, status, due_date)`);
    await q.query(`CREATE TABLE review.task_action (
      seq bigserial PRIMARY KEY, task_id uuid NOT NULL REFERENCES review.review_task(id),
      at timestamptz NOT NULL, actor text NOT NULL, action text NOT NULL, note text)`);
    await q.query(`CREATE INDEX task_action_task ON review.task_action (task_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review.task_action`);
    await q.query(`DROP TABLE review.review_task`);
    for (const sql of platformTablesDown('review')) await q.query(sql);
  }
}
