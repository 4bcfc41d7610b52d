import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The items of a case (from case.accepted), so that task and alarm messages name the item, not its code. */
export class RecipientItems1764800000000 implements MigrationInterface {
  name = 'RecipientItems1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.recipient ADD COLUMN items jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.recipient DROP COLUMN items`);
  }
}
