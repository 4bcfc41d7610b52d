import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 前置事项: the results each project has (fed by certificate's `certificate.issued`, with the project from the case),
 * and the external result numbers a clerk recorded on an application as proof.
 */
export class Prerequisites1766700000000 implements MigrationInterface {
  name = 'Prerequisites1766700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.project_result (
      project_code text NOT NULL, item_code text NOT NULL, document_no text NOT NULL, certificate_id text NOT NULL,
      case_no text NOT NULL, issued_at timestamptz NOT NULL, PRIMARY KEY (project_code, item_code, certificate_id))`);
    await q.query(`ALTER TABLE intake.application ADD COLUMN prerequisite_proofs jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.application DROP COLUMN prerequisite_proofs`);
    await q.query(`DROP TABLE intake.project_result`);
  }
}
