import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message problem (permanent or technical failure, unconfirmed) the window handled by phoning the applicant: when,
 * who, what was said. The message keeps its delivery status; a resolved one leaves the follow-up list. The partial
 * index serves that list (open problems of cases).
 */
export class MessageResolution1766300000000 implements MigrationInterface {
  name = 'MessageResolution1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification.message ADD COLUMN resolved_at timestamptz, ADD COLUMN resolved_by text, ADD COLUMN resolution_note text`);
    await q.query(
      `CREATE INDEX message_open_problem_idx ON notification.message (case_no)
       WHERE case_no IS NOT NULL AND resolved_at IS NULL AND status IN ('permanent_failure', 'technical_failure', 'unconfirmed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX notification.message_open_problem_idx`);
    await q.query(`ALTER TABLE notification.message DROP COLUMN resolution_note, DROP COLUMN resolved_by, DROP COLUMN resolved_at`);
  }
}
