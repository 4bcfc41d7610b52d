import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Complaints and ratings made on the provincial 政务服务网 come in like its applications (issue 18.3): two more kinds
 * of `inbound_item`, and what an item became (an application, a complaint, a rating) in `result_id`.
 */
export class InboundComplaintsRatings1767800000000 implements MigrationInterface {
  name = 'InboundComplaintsRatings1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE exchange.inbound_item DROP CONSTRAINT inbound_item_kind_check`);
    await q.query(`ALTER TABLE exchange.inbound_item ADD CONSTRAINT inbound_item_kind_check CHECK (kind IN ('applications','complaints','ratings'))`);
    await q.query(`ALTER TABLE exchange.inbound_item RENAME COLUMN application_id TO result_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM exchange.inbound_item WHERE kind <> 'applications'`);
    await q.query(`ALTER TABLE exchange.inbound_item RENAME COLUMN result_id TO application_id`);
    await q.query(`ALTER TABLE exchange.inbound_item DROP CONSTRAINT inbound_item_kind_check`);
    await q.query(`ALTER TABLE exchange.inbound_item ADD CONSTRAINT inbound_item_kind_check CHECK (kind IN ('applications'))`);
  }
}
