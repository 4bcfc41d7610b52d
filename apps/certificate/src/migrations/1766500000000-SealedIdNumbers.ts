import type { MigrationInterface, QueryRunner } from 'typeorm';
import { sealJsonColumn, sealTextColumn } from '@yichuang/platform';

/**
 * Identity numbers encrypted at rest (PIPL art. 51): every `…_id_number` column becomes `…_id_sealed` (AES-256-GCM,
 * `v1.<keyId>.…`, libs/platform crypto) beside `…_id_hmac` (HMAC-SHA-256 lookup hash), filled from the clear column
 * with the service's PII_KEYS, and the clear column is dropped. The JSON columns that carry numbers (the case's
 * parties, the outbox, parked events, idempotent replies) keep them masked with the number sealed beside
 * (`idNumberSealed`).
 */
export class SealedIdNumbers1766500000000 implements MigrationInterface {
  name = 'SealedIdNumbers1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE certificate.certificate
      ADD COLUMN holder_id_sealed text, ADD COLUMN holder_id_hmac text,
      ADD COLUMN collector_id_sealed text, ADD COLUMN collector_id_hmac text`);
    await sealTextColumn(q, 'certificate.certificate', 'holder_id_number', 'holder_id_sealed', 'holder_id_hmac');
    await sealTextColumn(q, 'certificate.certificate', 'collector_id_number', 'collector_id_sealed', 'collector_id_hmac');
    await q.query(`ALTER TABLE certificate.certificate DROP COLUMN holder_id_number, DROP COLUMN collector_id_number,
      ALTER COLUMN holder_id_sealed SET NOT NULL, ALTER COLUMN holder_id_hmac SET NOT NULL`);
    await q.query(`CREATE INDEX certificate_holder_id_hmac ON certificate.certificate (holder_id_hmac)`);

    await q.query(`ALTER TABLE certificate.authorisation ADD COLUMN agent_id_sealed text, ADD COLUMN agent_id_hmac text`);
    await sealTextColumn(q, 'certificate.authorisation', 'agent_id_number', 'agent_id_sealed', 'agent_id_hmac');
    await q.query(`ALTER TABLE certificate.authorisation DROP COLUMN agent_id_number,
      ALTER COLUMN agent_id_sealed SET NOT NULL, ALTER COLUMN agent_id_hmac SET NOT NULL`);
    await q.query(`CREATE INDEX authorisation_agent_id_hmac ON certificate.authorisation (case_no, agent_id_hmac)`);

    await q.query(`ALTER TABLE certificate.handover ADD COLUMN collector_id_sealed text, ADD COLUMN collector_id_hmac text`);
    await sealTextColumn(q, 'certificate.handover', 'collector_id_number', 'collector_id_sealed', 'collector_id_hmac');
    await q.query(`ALTER TABLE certificate.handover DROP COLUMN collector_id_number,
      ALTER COLUMN collector_id_sealed SET NOT NULL, ALTER COLUMN collector_id_hmac SET NOT NULL`);
    await q.query(`CREATE INDEX handover_collector_id_hmac ON certificate.handover (collector_id_hmac)`);

    await sealJsonColumn(q, 'certificate.case_delivery', 'applicant', ['case_no']);
    await sealJsonColumn(q, 'certificate.outbox', 'envelope', ['id']);
    await sealJsonColumn(q, 'certificate.dead_letter', 'envelope', ['consumer', 'event_id']);
    await sealJsonColumn(q, 'certificate.idempotency_key', 'reply', ['scope', 'key']);
  }

  async down(): Promise<void> {
    // the clear numbers are not written back: a step back keeps them sealed (restore a backup to undo)
    throw new Error('SealedIdNumbers1766500000000 cannot be reverted');
  }
}
