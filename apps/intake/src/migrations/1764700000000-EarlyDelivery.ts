import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Items whose result the applicant asked for before the others (统一出件 otherwise). */
export class EarlyDelivery1764700000000 implements MigrationInterface {
  name = 'EarlyDelivery1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.case_file ADD COLUMN early_items text[] NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE intake.case_file DROP COLUMN early_items`);
  }
}
