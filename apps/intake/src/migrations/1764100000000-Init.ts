import type { MigrationInterface, QueryRunner } from 'typeorm';
import { platformTablesDown, platformTablesUp } from '@yichuang/platform';

export class Init1764100000000 implements MigrationInterface {
  name = 'Init1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of platformTablesUp('intake')) await q.query(sql);
    await q.query(`CREATE TABLE intake.application (
      id uuid PRIMARY KEY,
      status text NOT NULL CHECK (status IN ('submitted','incomplete','accepted','rejected')),
      channel text NOT NULL CHECK (channel IN ('hall','online','assisted')),
      ticket_no text, stage int NOT NULL CHECK (stage BETWEEN 1 AND 4),
      items jsonb NOT NULL, catalog_version int NOT NULL,
      applicant jsonb NOT NULL, project jsonb NOT NULL,
      last_precheck jsonb, case_no text, rejection jsonb,
      created_by text NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX application_status ON intake.application (status, created_at)`);
    await q.query(`CREATE TABLE intake.application_material (
      seq bigserial PRIMARY KEY, application_id uuid NOT NULL REFERENCES intake.application(id),
      code text NOT NULL, name text NOT NULL, form text NOT NULL CHECK (form IN ('paper','electronic')),
      received_at timestamptz NOT NULL, received_by text NOT NULL)`);
    await q.query(`CREATE INDEX application_material_app ON intake.application_material (application_id)`);
    await q.query(`CREATE TABLE intake.precheck (
      seq bigserial PRIMARY KEY, application_id uuid NOT NULL REFERENCES intake.application(id),
      status text NOT NULL, results jsonb NOT NULL, problems jsonb NOT NULL,
      checked_by text NOT NULL, checked_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX precheck_app ON intake.precheck (application_id)`);
    await q.query(`CREATE TABLE intake.case_sequence (year int PRIMARY KEY, last_value int NOT NULL)`);
    await q.query(`CREATE TABLE intake.case_file (
      case_no text PRIMARY KEY, application_id uuid NOT NULL UNIQUE REFERENCES intake.application(id),
      status text NOT NULL CHECK (status IN ('accepted','in_review','decided','ready_for_delivery','delivered','closed')),
      stage int NOT NULL, accepted_at timestamptz NOT NULL, accepted_date date NOT NULL, accepted_by text NOT NULL,
      window_no text, applicant jsonb NOT NULL, project jsonb NOT NULL, items jsonb NOT NULL,
      promised_due_date date NOT NULL, catalog_version int NOT NULL, updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX case_file_status ON intake.case_file (status, promised_due_date)`);
    await q.query(`CREATE TABLE intake.case_timeline (
      seq bigserial PRIMARY KEY, case_no text NOT NULL REFERENCES intake.case_file(case_no),
      at timestamptz NOT NULL, event text NOT NULL, actor text NOT NULL, detail text)`);
    await q.query(`CREATE INDEX case_timeline_case ON intake.case_timeline (case_no, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['case_timeline', 'case_file', 'case_sequence', 'precheck', 'application_material', 'application']) {
      await q.query(`DROP TABLE intake.${t}`);
    }
    for (const sql of platformTablesDown('intake')) await q.query(sql);
  }
}
