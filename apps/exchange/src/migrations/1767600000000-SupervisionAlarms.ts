import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The provincial 电子监察 (`dzjc`) as a third counterpart of `push_record`: the alarms raised and cleared. */
export class SupervisionAlarms1767600000000 implements MigrationInterface {
  name = 'SupervisionAlarms1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exchange.push_record DROP CONSTRAINT push_record_counterpart_check`);
    await q.query(`ALTER TABLE exchange.push_record ADD CONSTRAINT push_record_counterpart_check CHECK (counterpart IN ('zwfw','gcjs','dzjc'))`);
    // the alarms reported for a task, a case or an application, found again when the matter is settled
    await q.query(`CREATE INDEX push_record_alarm ON exchange.push_record (((record->'data'->>'matter'))) WHERE milestone = 'alarm_raised'`);
    // the matters settled (a task decided, an application accepted, a case's results handed over): an alarm heard
    // after its matter was settled (the two events cross on the bus) is cleared at once
    await q.query(`CREATE TABLE exchange.settled_matter (
      matter text PRIMARY KEY,
      event_id uuid NOT NULL,
      reason text NOT NULL,
      settled_at timestamptz NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange.settled_matter`);
    await q.query(`DROP INDEX exchange.push_record_alarm`);
    await q.query(`DELETE FROM exchange.push_record WHERE counterpart = 'dzjc'`);
    await q.query(`ALTER TABLE exchange.push_record DROP CONSTRAINT push_record_counterpart_check`);
    await q.query(`ALTER TABLE exchange.push_record ADD CONSTRAINT push_record_counterpart_check CHECK (counterpart IN ('zwfw','gcjs'))`);
  }
}
