import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Ratings made on the provincial 政务服务网's 好差评 and handed in by apps/exchange: the channel `province` (issue 18.3). */
export class ProvinceRatings1767800000000 implements MigrationInterface {
  name = 'ProvinceRatings1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evaluation.evaluation DROP CONSTRAINT evaluation_channel`);
    await q.query(`ALTER TABLE evaluation.evaluation ADD CONSTRAINT evaluation_channel CHECK (channel IN ('pad','paper','online','sms','qr','default','province'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM evaluation.evaluation WHERE channel = 'province'`);
    await q.query(`ALTER TABLE evaluation.evaluation DROP CONSTRAINT evaluation_channel`);
    await q.query(`ALTER TABLE evaluation.evaluation ADD CONSTRAINT evaluation_channel CHECK (channel IN ('pad','paper','online','sms','qr','default'))`);
  }
}
