import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Keep the correlation id of the event that created a message, so its sending is traced with it. */
export class MessageCorrelation1764200000000 implements MigrationInterface {
  name = 'MessageCorrelation1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.message ADD COLUMN correlation_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.message DROP COLUMN correlation_id`);
  }
}
