import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 4 (back office): clock pauses (special procedures, corrections) and joint review meetings. */
export class BackOffice1764800000000 implements MigrationInterface {
  name = 'BackOffice1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE review.task_pause (
      id uuid PRIMARY KEY, task_id uuid NOT NULL REFERENCES review.review_task(id),
      kind text NOT NULL CHECK (kind IN ('special_procedure','correction')),
      procedure text, reason text NOT NULL, expected_working_days int, items jsonb,
      from_date date NOT NULL, to_date date,
      started_by text NOT NULL, started_at timestamptz NOT NULL, ended_by text, ended_at timestamptz)`);
    await q.query(`CREATE INDEX task_pause_task ON review.task_pause (task_id, started_at)`);
    await q.query(`CREATE UNIQUE INDEX task_pause_one_open ON review.task_pause (task_id) WHERE ended_at IS NULL`);
    await q.query(`CREATE TABLE review.review_meeting (
      id uuid PRIMARY KEY, task_id uuid NOT NULL REFERENCES review.review_task(id),
      topic text NOT NULL, sections text[] NOT NULL, convened_by text NOT NULL, convened_at timestamptz NOT NULL,
      conclusion text, concluded_by text, concluded_at timestamptz)`);
    await q.query(`CREATE INDEX review_meeting_task ON review.review_meeting (task_id, convened_at)`);
    await q.query(`CREATE TABLE review.review_meeting_opinion (
      meeting_id uuid NOT NULL REFERENCES review.review_meeting(id), section text NOT NULL,
      position text NOT NULL CHECK (position IN ('agree','disagree','conditional')), opinion text NOT NULL,
      given_by text NOT NULL, given_at timestamptz NOT NULL,
      PRIMARY KEY (meeting_id, section))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE review.review_meeting_opinion`);
    await q.query(`DROP TABLE review.review_meeting`);
    await q.query(`DROP TABLE review.task_pause`);
  }
}
