import type { MigrationInterface, QueryRunner } from 'typeorm';

/** 电子监察 of complaints: an alarm names the complaint it is about, once per kind and complaint. */
export class ComplaintAlarms1766100000000 implements MigrationInterface {
  name = 'ComplaintAlarms1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.alarm ADD COLUMN consultation_id uuid REFERENCES intake.consultation(id)`);
    await q.query(`ALTER TABLE intake.alarm ADD CONSTRAINT alarm_kind_consultation UNIQUE (kind, consultation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.alarm DROP CONSTRAINT alarm_kind_consultation`);
    await q.query(`ALTER TABLE intake.alarm DROP COLUMN consultation_id`);
  }
}
