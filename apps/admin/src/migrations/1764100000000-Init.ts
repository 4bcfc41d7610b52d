import type { MigrationInterface, QueryRunner } from 'typeorm';
import { platformTablesDown, platformTablesUp } from '@yichuang/platform';

export class Init1764100000000 implements MigrationInterface {
  name = 'Init1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of platformTablesUp('admin')) await q.query(sql);
    await q.query(`CREATE TABLE admin.department (
      code text PRIMARY KEY, name text NOT NULL, full_name text NOT NULL, short_name text NOT NULL, phone text NOT NULL)`);
    await q.query(`CREATE TABLE admin.approval_item (
      code text PRIMARY KEY, name text NOT NULL, stage int NOT NULL CHECK (stage BETWEEN 1 AND 4),
      department_code text NOT NULL REFERENCES admin.department(code),
      kind text NOT NULL CHECK (kind IN ('instant','promised','notify_commit')),
      legal_days int NOT NULL CHECK (legal_days >= 0), promised_days int NOT NULL CHECK (promised_days >= 0),
      result_document jsonb NOT NULL, legal_basis text NOT NULL DEFAULT '', materials jsonb NOT NULL,
      active boolean NOT NULL DEFAULT true, updated_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE admin.catalog_version (version int PRIMARY KEY, note text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE admin.hall_window (no text PRIMARY KEY, name text NOT NULL, kind text NOT NULL, categories text[] NOT NULL)`);
    await q.query(`CREATE TABLE admin.staff_account (
      username text PRIMARY KEY, display_name text NOT NULL, password_hash text NOT NULL, roles text[] NOT NULL,
      department_code text REFERENCES admin.department(code), window_no text, phone text NOT NULL, active boolean NOT NULL DEFAULT true)`);
    await q.query(`CREATE TABLE admin.calendar_year (year int PRIMARY KEY, source text NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE admin.calendar_day (date date PRIMARY KEY, kind text NOT NULL CHECK (kind IN ('holiday','makeup_workday')), name text NOT NULL)`);
    await q.query(`CREATE TABLE admin.calendar_version (
      version int PRIMARY KEY, note text NOT NULL, created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['calendar_version', 'calendar_day', 'calendar_year', 'staff_account', 'hall_window', 'catalog_version', 'approval_item', 'department']) {
      await q.query(`DROP TABLE admin.${t}`);
    }
    for (const sql of platformTablesDown('admin')) await q.query(sql);
  }
}
