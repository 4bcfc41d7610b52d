import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hall's configuration under the administrator (issue 12.3): departments get the address of their business
 * window, an active flag and a version; sections (科室) of a department; windows get a business window's department,
 * the stages served, a location, an active flag and a version; the duty roster (值班) per window and day.
 */
export class HallConfiguration1766710000000 implements MigrationInterface {
  name = 'HallConfiguration1766710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE admin.department ADD COLUMN address text NOT NULL DEFAULT '',
      ADD COLUMN active boolean NOT NULL DEFAULT true, ADD COLUMN version int NOT NULL DEFAULT 0`);
    await q.query(`CREATE TABLE admin.department_section (
      department_code text NOT NULL REFERENCES admin.department(code), code text NOT NULL, name text NOT NULL,
      head_username text REFERENCES admin.staff_account(username), active boolean NOT NULL DEFAULT true, version int NOT NULL DEFAULT 0,
      PRIMARY KEY (department_code, code), UNIQUE (department_code, name))`);
    await q.query(`ALTER TABLE admin.hall_window ADD COLUMN department_code text REFERENCES admin.department(code),
      ADD COLUMN stages int[] NOT NULL DEFAULT '{}', ADD COLUMN location text,
      ADD COLUMN active boolean NOT NULL DEFAULT true, ADD COLUMN version int NOT NULL DEFAULT 0`);
    // the stages a window served so far are those of the stage categories it calls
    await q.query(`UPDATE admin.hall_window w SET stages = coalesce((SELECT array_agg(substr(c, 6)::int ORDER BY c) FROM unnest(w.categories) c WHERE c ~ '^stage[1-4]$'), '{}')`);
    await q.query(`CREATE TABLE admin.window_duty (
      window_no text NOT NULL REFERENCES admin.hall_window(no), day date NOT NULL,
      username text NOT NULL REFERENCES admin.staff_account(username),
      PRIMARY KEY (window_no, day, username), UNIQUE (day, username))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin.window_duty`);
    await q.query(`ALTER TABLE admin.hall_window DROP COLUMN version, DROP COLUMN active, DROP COLUMN location, DROP COLUMN stages, DROP COLUMN department_code`);
    await q.query(`DROP TABLE admin.department_section`);
    await q.query(`ALTER TABLE admin.department DROP COLUMN version, DROP COLUMN active, DROP COLUMN address`);
  }
}
