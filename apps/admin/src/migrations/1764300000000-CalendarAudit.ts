import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The calendar's audit trail: each version lists the days it changed, before and after. */
export class CalendarAudit1764300000000 implements MigrationInterface {
  name = 'CalendarAudit1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE admin.calendar_change (
      version int NOT NULL REFERENCES admin.calendar_version(version), date date NOT NULL,
      before text NOT NULL, after text NOT NULL, PRIMARY KEY (version, date))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin.calendar_change`);
  }
}
