import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dates a decision prints (the application's and the acceptance's), and the number of the decision or notice
 * that revoked, withdrew or corrected a document (a written act of its own, numbered like the other decisions; one
 * decision may revoke a licence and its grant decision together, so the number is not unique per row).
 */
export class DocumentDates1765600000000 implements MigrationInterface {
  name = 'DocumentDates1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate.certificate
      ADD COLUMN application_date date,
      ADD COLUMN accepted_date date,
      ADD COLUMN standing_document_no text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate.certificate DROP COLUMN application_date, DROP COLUMN accepted_date, DROP COLUMN standing_document_no`);
  }
}
