import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every catalogue version keeps who made it, and each item's state under it. */
export class CatalogHistory1764200000000 implements MigrationInterface {
  name = 'CatalogHistory1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE admin.catalog_version ADD COLUMN created_by text NOT NULL DEFAULT 'system', ADD COLUMN item_code text`);
    await q.query(`CREATE TABLE admin.approval_item_version (
      code text NOT NULL, version int NOT NULL REFERENCES admin.catalog_version(version), data jsonb NOT NULL,
      PRIMARY KEY (code, version))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin.approval_item_version`);
    await q.query(`ALTER TABLE admin.catalog_version DROP COLUMN created_by, DROP COLUMN item_code`);
  }
}
