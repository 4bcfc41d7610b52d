import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Paper custody, window review (审查), consultation window. */
export class PaperConsultation1764600000000 implements MigrationInterface {
  name = 'PaperConsultation1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.application ADD COLUMN window_reviews jsonb NOT NULL DEFAULT '[]'::jsonb`);
    await q.query(`CREATE TABLE intake.paper_file (
      application_id uuid NOT NULL REFERENCES intake.application(id), material_code text NOT NULL, name text NOT NULL,
      location text NOT NULL, holder text, since timestamptz NOT NULL,
      PRIMARY KEY (application_id, material_code))`);
    await q.query(`CREATE INDEX paper_file_out ON intake.paper_file (since) WHERE holder IS NOT NULL`);
    await q.query(`CREATE TABLE intake.paper_movement (
      seq bigserial PRIMARY KEY, application_id uuid NOT NULL, material_code text NOT NULL,
      at timestamptz NOT NULL, by text NOT NULL, action text NOT NULL CHECK (action IN ('received','handed_over','returned')),
      to_holder text, location text, note text,
      FOREIGN KEY (application_id, material_code) REFERENCES intake.paper_file(application_id, material_code))`);
    await q.query(`CREATE INDEX paper_movement_file ON intake.paper_movement (application_id, material_code, seq)`);
    await q.query(`CREATE TABLE intake.consultation (
      id uuid PRIMARY KEY, channel text NOT NULL, kind text NOT NULL CHECK (kind IN ('consultation','complaint')),
      topic text NOT NULL, question text NOT NULL, answer text, contact_name text, phone text, ticket_no text,
      handler text, due_date date, status text NOT NULL CHECK (status IN ('answered','open','closed')), resolution text,
      created_by text NOT NULL, created_at timestamptz NOT NULL, closed_at timestamptz)`);
    await q.query(`CREATE INDEX consultation_open ON intake.consultation (kind, status, due_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.consultation`);
    await q.query(`DROP TABLE intake.paper_movement`);
    await q.query(`DROP TABLE intake.paper_file`);
    await q.query(`ALTER TABLE intake.application DROP COLUMN window_reviews`);
  }
}
