import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 电子材料 and the applicant's portal: the metadata of each electronic file of an application (the bytes are in the
 * gateway's storage under `storage_key`), and the one-time SMS codes (hashed only) that open an applicant's view.
 */
export class ElectronicMaterials1767300000000 implements MigrationInterface {
  name = 'ElectronicMaterials1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.material_file (
      id uuid PRIMARY KEY, application_id uuid NOT NULL REFERENCES intake.application(id), material_code text NOT NULL,
      file_name text NOT NULL, media_type text NOT NULL CHECK (media_type IN ('application/pdf', 'image/jpeg', 'image/png')),
      size bigint NOT NULL CHECK (size > 0), sha256 char(64) NOT NULL, storage_key text NOT NULL UNIQUE,
      uploaded_by text NOT NULL, uploaded_at timestamptz NOT NULL,
      after_acceptance boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE INDEX material_file_application ON intake.material_file (application_id, material_code, uploaded_at)`);
    await q.query(`CREATE TABLE intake.portal_code (
      id uuid PRIMARY KEY, application_id uuid NOT NULL REFERENCES intake.application(id),
      phone_hmac text NOT NULL, client_address text, code_hash text NOT NULL,
      created_at timestamptz NOT NULL, expires_at timestamptz NOT NULL,
      attempts int NOT NULL DEFAULT 0, used_at timestamptz)`);
    await q.query(`CREATE INDEX portal_code_phone ON intake.portal_code (phone_hmac, created_at)`);
    await q.query(`CREATE INDEX portal_code_address ON intake.portal_code (client_address, created_at)`);
    await q.query(`CREATE INDEX portal_code_application ON intake.portal_code (application_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.portal_code`);
    await q.query(`DROP TABLE intake.material_file`);
  }
}
