import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a document says and whether it still stands: its kind (a result, or a written grant or refusal decision),
 * the content drawn from the case and the decision (project, issuing agency, legal basis, conditions or reasons,
 * validity), and its standing (valid, revoked 撤销, withdrawn 撤回, superseded by a corrected document 更正). A
 * corrected document is a new row that `replaces` the old one; the originals stay one per (case, item, kind).
 */
export class DocumentContent1765500000000 implements MigrationInterface {
  name = 'DocumentContent1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate.certificate
      ADD COLUMN kind text NOT NULL DEFAULT 'result' CHECK (kind IN ('result', 'grant_decision', 'refusal_decision')),
      ADD COLUMN department_name text,
      ADD COLUMN project jsonb,
      ADD COLUMN legal_basis text,
      ADD COLUMN conditions text,
      ADD COLUMN decided_by text,
      ADD COLUMN decided_at timestamptz,
      ADD COLUMN valid_until date,
      ADD COLUMN standing text NOT NULL DEFAULT 'valid' CHECK (standing IN ('valid', 'revoked', 'withdrawn', 'superseded')),
      ADD COLUMN standing_since timestamptz,
      ADD COLUMN standing_reason text,
      ADD COLUMN standing_basis text,
      ADD COLUMN standing_by text,
      ADD COLUMN replaces uuid REFERENCES certificate.certificate(id),
      ADD COLUMN replaced_by uuid REFERENCES certificate.certificate(id)`);
    await q.query(`ALTER TABLE certificate.certificate DROP CONSTRAINT certificate_case_no_item_code_key`);
    await q.query(`CREATE UNIQUE INDEX certificate_original ON certificate.certificate (case_no, item_code, kind) WHERE replaces IS NULL`);
    await q.query(`CREATE UNIQUE INDEX certificate_replaces ON certificate.certificate (replaces) WHERE replaces IS NOT NULL`);
    // the audit trail takes the new actions; the action list is the TypeScript type CertificateAction
    await q.query(`ALTER TABLE certificate.certificate_event DROP CONSTRAINT certificate_event_action_check`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX certificate.certificate_replaces`);
    await q.query(`DROP INDEX certificate.certificate_original`);
    await q.query(`ALTER TABLE certificate.certificate ADD CONSTRAINT certificate_case_no_item_code_key UNIQUE (case_no, item_code)`);
    await q.query(`ALTER TABLE certificate.certificate
      DROP COLUMN kind, DROP COLUMN department_name, DROP COLUMN project, DROP COLUMN legal_basis, DROP COLUMN conditions,
      DROP COLUMN decided_by, DROP COLUMN decided_at, DROP COLUMN valid_until, DROP COLUMN standing, DROP COLUMN standing_since,
      DROP COLUMN standing_reason, DROP COLUMN standing_basis, DROP COLUMN standing_by, DROP COLUMN replaces, DROP COLUMN replaced_by`);
  }
}
