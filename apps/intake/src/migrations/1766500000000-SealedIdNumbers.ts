import type { MigrationInterface, QueryRunner } from 'typeorm';
import { openPii, piiCipher, sealJsonColumn } from '@yichuang/platform';

/**
 * Identity numbers encrypted at rest (PIPL art. 51): the applicant of every application and case keeps its resident
 * ID numbers (the applicant's, the legal representative's, the contact's) masked, each with the number sealed
 * beside it (`idNumberSealed`: AES-256-GCM, `v1.<keyId>.…`, libs/platform crypto, the service's PII_KEYS); the
 * applicant's number also gets its lookup hash in `applicant_id_hmac` (HMAC-SHA-256, PII_HMAC_KEY). The documents'
 * data, the outbox, parked events and idempotent replies are sealed the same way.
 */
export class SealedIdNumbers1766500000000 implements MigrationInterface {
  name = 'SealedIdNumbers1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.application ADD COLUMN applicant_id_hmac text`);
    await q.query(`ALTER TABLE intake.case_file ADD COLUMN applicant_id_hmac text`);
    const cipher = piiCipher();
    for (const [table, key] of [['intake.application', 'id'], ['intake.case_file', 'case_no']] as const) {
      const rows = (await q.query(`SELECT ${key}::text AS k, applicant FROM ${table}`)) as { k: string; applicant: { idNumber?: string } }[];
      for (const r of rows) {
        const idNumber = openPii(r.applicant, cipher).idNumber;
        await q.query(`UPDATE ${table} SET applicant_id_hmac = $1 WHERE ${key}::text = $2`, [typeof idNumber === 'string' ? cipher.hmac(idNumber) : null, r.k]);
      }
      await sealJsonColumn(q, table, 'applicant', [key]);
      await q.query(`CREATE INDEX ${table.split('.')[1]}_applicant_id_hmac ON ${table} (applicant_id_hmac)`);
    }
    await sealJsonColumn(q, 'intake.document', 'data', ['id']);
    await sealJsonColumn(q, 'intake.outbox', 'envelope', ['id']);
    await sealJsonColumn(q, 'intake.dead_letter', 'envelope', ['consumer', 'event_id']);
    await sealJsonColumn(q, 'intake.idempotency_key', 'reply', ['scope', 'key']);
  }

  async down(): Promise<void> {
    // the clear numbers are not written back: a step back keeps them sealed (restore a backup to undo)
    throw new Error('SealedIdNumbers1766500000000 cannot be reverted');
  }
}
