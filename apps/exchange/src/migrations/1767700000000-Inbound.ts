import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the province sends (issue 18.3): each item kept once by the province's id (`inbound_item`) before it is
 * forwarded to the service it is for; the nonces of its signed pushes seen within the allowed clock skew
 * (`webhook_nonce`, forgotten after a day).
 */
export class Inbound1767700000000 implements MigrationInterface {
  name = 'Inbound1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE exchange.inbound_item (
      id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('applications')),
      payload jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','forwarded','refused')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      application_id uuid,
      received_at timestamptz NOT NULL,
      forwarded_at timestamptz
    )`);
    await q.query(`CREATE INDEX inbound_item_due ON exchange.inbound_item (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE TABLE exchange.webhook_nonce (nonce text PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange.webhook_nonce`);
    await q.query(`DROP TABLE exchange.inbound_item`);
  }
}
