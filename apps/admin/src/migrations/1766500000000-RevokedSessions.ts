import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gateway asks admin for an account's token state every few seconds; since access tokens name their login
 * (`sid`, the refresh-token family), that state lists the logins revoked lately. This index answers it without
 * scanning the account's whole history.
 */
export class RevokedSessions1766500000000 implements MigrationInterface {
  name = 'RevokedSessions1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX refresh_token_revoked ON admin.refresh_token (username, revoked_at) WHERE revoked_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX admin.refresh_token_revoked`);
  }
}
