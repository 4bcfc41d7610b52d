import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Art. 32 (five working days) and the window's alarms for the supervisor. */
export class Supervision1764500000000 implements MigrationInterface {
  name = 'Supervision1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.application ADD COLUMN received_date date, ADD COLUMN deemed_accepted_from date`);
    await q.query(`UPDATE intake.application SET received_date = (created_at AT TIME ZONE 'Asia/Shanghai')::date`);
    await q.query(`ALTER TABLE intake.application ALTER COLUMN received_date SET NOT NULL`);
    await q.query(`CREATE TABLE intake.alarm (
      id uuid PRIMARY KEY, kind text NOT NULL, level text NOT NULL CHECK (level IN ('yellow','red')),
      message text NOT NULL, application_id uuid REFERENCES intake.application(id), case_no text,
      raised_at timestamptz NOT NULL, acknowledged_at timestamptz, acknowledged_by text,
      UNIQUE (kind, application_id))`);
    await q.query(`CREATE INDEX alarm_open ON intake.alarm (raised_at) WHERE acknowledged_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.alarm`);
    await q.query(`ALTER TABLE intake.application DROP COLUMN received_date, DROP COLUMN deemed_accepted_from`);
  }
}
