import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SMS templates owned by the administrator (短信模板管理): every saved body is a version, never changed; a template's
 * current version is its highest. A template without rows uses the catalogue's default body (version 0, in code), so
 * nothing is seeded. Each message records the version it was rendered with, its variables' values (platforms that
 * take a template code + parameters) and whether it respects quiet hours (免打扰时段).
 */
export class MessageTemplates1766100000000 implements MigrationInterface {
  name = 'MessageTemplates1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification.message_template (
        code text NOT NULL,
        version int NOT NULL CHECK (version > 0),
        body text NOT NULL,
        note text,
        created_at timestamptz NOT NULL,
        created_by text NOT NULL,
        PRIMARY KEY (code, version)
      )`);
    // messages created before: rendered from the texts in code, i.e. version 0
    await q.query(
      `ALTER TABLE notification.message ADD COLUMN template_version int NOT NULL DEFAULT 0, ADD COLUMN params jsonb NOT NULL DEFAULT '{}'::jsonb, ADD COLUMN quiet_hours boolean NOT NULL DEFAULT false`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.message DROP COLUMN quiet_hours, DROP COLUMN params, DROP COLUMN template_version`);
    await q.query(`DROP TABLE notification.message_template`);
  }
}
