import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalogue administered (issue 12): fees, 加大窗口工作授权 per item (items already there keep today's flow,
 * delegated; a new item needs the department's 审查 unless the administrator delegates it), the day each version
 * became current, retirement, and changes dated in the future waiting for their day.
 */
export class CatalogAdministered1766800000000 implements MigrationInterface {
  name = 'CatalogAdministered1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE admin.approval_item
      ADD COLUMN fees jsonb NOT NULL DEFAULT '{"free": true}',
      ADD COLUMN window_review text NOT NULL DEFAULT 'delegated' CHECK (window_review IN ('delegated', 'required')),
      ADD COLUMN effective_from date,
      ADD COLUMN retired_at timestamptz`);
    await q.query(`ALTER TABLE admin.approval_item ALTER COLUMN window_review SET DEFAULT 'required'`);
    await q.query(`ALTER TABLE admin.catalog_version ADD COLUMN effective_from date`);
    await q.query(`CREATE TABLE admin.catalog_change (
      id uuid PRIMARY KEY, item_code text NOT NULL, kind text NOT NULL CHECK (kind IN ('create', 'update', 'retire')),
      patch jsonb NOT NULL, effective_from date NOT NULL, status text NOT NULL CHECK (status IN ('scheduled', 'applied', 'failed')),
      version int REFERENCES admin.catalog_version(version), note text NOT NULL, created_by text NOT NULL,
      created_at timestamptz NOT NULL, applied_at timestamptz, failure text)`);
    await q.query(`CREATE INDEX catalog_change_due ON admin.catalog_change (effective_from) WHERE status = 'scheduled'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin.catalog_change`);
    await q.query(`ALTER TABLE admin.catalog_version DROP COLUMN effective_from`);
    await q.query(`ALTER TABLE admin.approval_item DROP COLUMN fees, DROP COLUMN window_review, DROP COLUMN effective_from, DROP COLUMN retired_at`);
  }
}
