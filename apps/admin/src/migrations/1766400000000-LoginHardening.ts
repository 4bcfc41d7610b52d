import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Login hardening (issue 11): failed logins per account (growing delays, lockout the administrator lifts) and per
 * client address, a token version per account (access tokens of a disabled account or a changed password are
 * refused), and refresh tokens (stored hashed, in families that rotate and are revoked together).
 */
export class LoginHardening1766400000000 implements MigrationInterface {
  name = 'LoginHardening1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE admin.staff_account
      ADD COLUMN failed_logins int NOT NULL DEFAULT 0,
      ADD COLUMN last_failed_at timestamptz,
      ADD COLUMN locked_at timestamptz,
      ADD COLUMN token_version int NOT NULL DEFAULT 0`);
    await q.query(`CREATE TABLE admin.login_address (
      address text PRIMARY KEY, failures int NOT NULL, last_failed_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE admin.refresh_token (
      token_hash text PRIMARY KEY, username text NOT NULL REFERENCES admin.staff_account(username), family_id uuid NOT NULL,
      created_at timestamptz NOT NULL, expires_at timestamptz NOT NULL, used_at timestamptz, revoked_at timestamptz)`);
    await q.query(`CREATE INDEX refresh_token_family ON admin.refresh_token (family_id)`);
    await q.query(`CREATE INDEX refresh_token_username ON admin.refresh_token (username) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin.refresh_token`);
    await q.query(`DROP TABLE admin.login_address`);
    await q.query(`ALTER TABLE admin.staff_account DROP COLUMN failed_logins, DROP COLUMN last_failed_at, DROP COLUMN locked_at, DROP COLUMN token_version`);
  }
}
