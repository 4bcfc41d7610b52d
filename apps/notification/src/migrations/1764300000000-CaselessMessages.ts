import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Messages before a case exists (one-time notice): no case number, a reference instead. */
export class CaselessMessages1764300000000 implements MigrationInterface {
  name = 'CaselessMessages1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.message ALTER COLUMN case_no DROP NOT NULL, ADD COLUMN ref text`);
    await q.query(`CREATE INDEX message_ref ON notification.message (ref) WHERE ref IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification.message_ref`);
    await q.query(`ALTER TABLE notification.message DROP COLUMN ref`);
  }
}
