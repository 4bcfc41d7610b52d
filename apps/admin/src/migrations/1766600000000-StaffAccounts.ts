import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts the administrator creates or whose password it resets: the person sets a new password at the next login;
 * and a version for the administrator's edits.
 */
export class StaffAccounts1766600000000 implements MigrationInterface {
  name = 'StaffAccounts1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE admin.staff_account ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
    // raised by every edit of the administrator: an edit names the version it was made on (409 when stale)
    await q.query(`ALTER TABLE admin.staff_account ADD COLUMN version int NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE admin.staff_account DROP COLUMN version`);
    await q.query(`ALTER TABLE admin.staff_account DROP COLUMN must_change_password`);
  }
}
