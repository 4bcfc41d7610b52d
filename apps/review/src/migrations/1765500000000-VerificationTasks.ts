import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A department task is the review of a promised item or the follow-up check (事后核查) of a notify-and-commit item
 * (告知承诺制) approved at the window: same inbox, clock and alarms, a different conclusion.
 */
export class VerificationTasks1765500000000 implements MigrationInterface {
  name = 'VerificationTasks1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review.review_task ADD COLUMN kind text NOT NULL DEFAULT 'review' CHECK (kind IN ('review', 'verification'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE review.review_task DROP COLUMN kind`);
  }
}
