import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery of result documents (领证, 免费寄递): who may collect each case's documents, authorisations recorded at the
 * window, hand-over records, the Art. 44 delivery clocks and their alarms, pick-up reminders, EMS shipments with
 * their tracking, and the nonces of the post's signed callbacks. The `certificate` table itself is unchanged
 * (one partial index for the documents waiting at the pick-up desk).
 */
export class Delivery1765700000000 implements MigrationInterface {
  name = 'Delivery1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX certificate_waiting ON certificate.certificate (case_no) WHERE status = 'issued'`);
    await q.query(`CREATE TABLE certificate.case_delivery (
      case_no text PRIMARY KEY,
      applicant jsonb NOT NULL,
      project jsonb,
      delivery jsonb NOT NULL DEFAULT '{"method":"pickup"}'::jsonb,
      updated_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE certificate.authorisation (
      id uuid PRIMARY KEY,
      case_no text NOT NULL,
      agent_name text NOT NULL,
      agent_id_number text NOT NULL,
      certificate_ids uuid[],
      letter_sha256 text NOT NULL CHECK (letter_sha256 ~ '^[0-9a-f]{64}$'),
      note text,
      window_no text,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL)`);
    await q.query(`CREATE INDEX authorisation_case ON certificate.authorisation (case_no, recorded_at)`);
    await q.query(`CREATE TABLE certificate.handover (
      id uuid PRIMARY KEY,
      case_no text NOT NULL,
      collector_name text NOT NULL,
      collector_id_number text NOT NULL,
      capacity text NOT NULL CHECK (capacity IN ('holder','legal_representative','contact','authorised_agent')),
      authorisation_id uuid REFERENCES certificate.authorisation(id),
      window_no text,
      handed_over_by text NOT NULL,
      handed_over_at timestamptz NOT NULL,
      signature_sha256 text CHECK (signature_sha256 ~ '^[0-9a-f]{64}$'))`);
    await q.query(`CREATE INDEX handover_case ON certificate.handover (case_no, handed_over_at)`);
    await q.query(`CREATE TABLE certificate.handover_item (
      handover_id uuid NOT NULL REFERENCES certificate.handover(id),
      certificate_id uuid NOT NULL UNIQUE REFERENCES certificate.certificate(id),
      PRIMARY KEY (handover_id, certificate_id))`);
    // the due date is not stored: it is the decision date + 10 working days by the calendar of the day it is asked,
    // so loading a year's official arrangement moves it without a recomputation
    await q.query(`CREATE TABLE certificate.delivery_clock (
      case_no text NOT NULL,
      item_code text NOT NULL,
      item_name text NOT NULL,
      decided_date date NOT NULL,
      delivered_at timestamptz,
      PRIMARY KEY (case_no, item_code))`);
    await q.query(`CREATE INDEX delivery_clock_open ON certificate.delivery_clock (decided_date) WHERE delivered_at IS NULL`);
    await q.query(`CREATE TABLE certificate.delivery_alarm (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('delivery_due_soon','delivery_overdue','mail_returned','mail_failed')),
      level text NOT NULL CHECK (level IN ('yellow','red')),
      case_no text NOT NULL,
      item_code text,
      shipment_id uuid,
      due_date date,
      remaining int,
      message text NOT NULL,
      raised_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      acknowledged_by text)`);
    await q.query(`CREATE UNIQUE INDEX delivery_alarm_clock ON certificate.delivery_alarm (case_no, item_code, level) WHERE item_code IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX delivery_alarm_shipment ON certificate.delivery_alarm (shipment_id, kind) WHERE shipment_id IS NOT NULL`);
    await q.query(`CREATE INDEX delivery_alarm_open ON certificate.delivery_alarm (raised_at) WHERE acknowledged_at IS NULL`);
    await q.query(`CREATE TABLE certificate.pickup_reminder (
      case_no text PRIMARY KEY,
      certificate_ids uuid[] NOT NULL,
      since date NOT NULL,
      waiting_working_days int NOT NULL,
      reminded_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE certificate.shipment (
      id uuid PRIMARY KEY,
      case_no text NOT NULL,
      status text NOT NULL CHECK (status IN ('requesting','created','in_transit','delivered','returned','failed')),
      source text NOT NULL CHECK (source IN ('application','window')),
      recipient_name text NOT NULL,
      recipient_phone text NOT NULL,
      address text NOT NULL,
      authorised_by text NOT NULL,
      authorisation_sha256 text,
      provider text NOT NULL,
      tracking_no text UNIQUE,
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz,
      next_poll_at timestamptz,
      failure text,
      requested_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      delivered_at timestamptz,
      returned_at timestamptz)`);
    await q.query(`CREATE UNIQUE INDEX shipment_open_per_case ON certificate.shipment (case_no) WHERE status IN ('requesting','created','in_transit')`);
    await q.query(`CREATE INDEX shipment_requesting ON certificate.shipment (next_attempt_at) WHERE status = 'requesting'`);
    await q.query(`CREATE INDEX shipment_polled ON certificate.shipment (next_poll_at) WHERE status IN ('created','in_transit')`);
    await q.query(`CREATE TABLE certificate.shipment_item (
      shipment_id uuid NOT NULL REFERENCES certificate.shipment(id),
      certificate_id uuid NOT NULL REFERENCES certificate.certificate(id),
      PRIMARY KEY (shipment_id, certificate_id))`);
    await q.query(`CREATE INDEX shipment_item_certificate ON certificate.shipment_item (certificate_id)`);
    await q.query(`CREATE TABLE certificate.shipment_event (
      id bigserial PRIMARY KEY,
      shipment_id uuid NOT NULL REFERENCES certificate.shipment(id),
      provider_event_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('accepted','in_transit','out_for_delivery','delivered','returned')),
      at timestamptz NOT NULL,
      location text,
      description text,
      received_at timestamptz NOT NULL,
      UNIQUE (shipment_id, provider_event_id))`);
    await q.query(`CREATE TABLE certificate.webhook_nonce (nonce text PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now())`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'webhook_nonce',
      'shipment_event',
      'shipment_item',
      'shipment',
      'pickup_reminder',
      'delivery_alarm',
      'delivery_clock',
      'handover_item',
      'handover',
      'authorisation',
      'case_delivery',
    ]) {
      await q.query(`DROP TABLE certificate.${t}`);
    }
    await q.query(`DROP INDEX certificate.certificate_waiting`);
  }
}
