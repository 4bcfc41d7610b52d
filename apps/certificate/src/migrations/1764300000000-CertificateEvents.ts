import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail of every certificate (issued, collected, mailed: who, when), and the department that
 * decided each item. Certificates issued before this migration get their trail written from their own rows.
 */
export class CertificateEvents1764300000000 implements MigrationInterface {
  name = 'CertificateEvents1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate.certificate ADD COLUMN department_code text`);
    await q.query(`CREATE TABLE certificate.certificate_event (
      id bigserial PRIMARY KEY,
      certificate_id uuid NOT NULL REFERENCES certificate.certificate(id),
      at timestamptz NOT NULL,
      actor text NOT NULL,
      action text NOT NULL CHECK (action IN ('issued','collected','mailed')),
      note text)`);
    await q.query(`CREATE INDEX certificate_event_certificate ON certificate.certificate_event (certificate_id, at)`);
    await q.query(`INSERT INTO certificate.certificate_event (certificate_id, at, actor, action, note)
      SELECT id, issued_at, 'system', 'issued', '出具' || type_name || '（' || no || '）' FROM certificate.certificate`);
    await q.query(`INSERT INTO certificate.certificate_event (certificate_id, at, actor, action, note)
      SELECT id, collected_at, coalesce(collected_by, 'unknown'), 'collected', '窗口领取' FROM certificate.certificate
      WHERE status = 'collected' AND collected_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE certificate.certificate_event`);
    await q.query(`ALTER TABLE certificate.certificate DROP COLUMN department_code`);
  }
}
