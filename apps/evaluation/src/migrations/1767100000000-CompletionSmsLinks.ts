import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A completion SMS's rating link (made by notification, `rating-invitation.created`): it names no single event but
 * the case and the items whose decisions (审批) it rates (none: every decision of the case).
 */
export class CompletionSmsLinks1767100000000 implements MigrationInterface {
  name = 'CompletionSmsLinks1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evaluation.rating_link ALTER COLUMN service_event_id DROP NOT NULL, ADD COLUMN case_no text, ADD COLUMN item_codes text[]`);
    await q.query(`ALTER TABLE evaluation.rating_link ADD CONSTRAINT rating_link_covers CHECK (service_event_id IS NOT NULL OR case_no IS NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM evaluation.rating_link WHERE service_event_id IS NULL`);
    await q.query(`ALTER TABLE evaluation.rating_link DROP CONSTRAINT rating_link_covers, DROP COLUMN item_codes, DROP COLUMN case_no, ALTER COLUMN service_event_id SET NOT NULL`);
  }
}
