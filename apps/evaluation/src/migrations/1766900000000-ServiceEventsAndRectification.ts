import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: rateable service events (受理 / 审批 / 领证) rated once each on every channel, pad credentials,
 * one-time rating links, the hall's default for unrated events, and the rectification case of a bad review
 * with working-day deadlines, call-back, appeal and alarms.
 */
export class ServiceEventsAndRectification1766900000000 implements MigrationInterface {
  name = 'ServiceEventsAndRectification1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE evaluation.service_event (
      id uuid PRIMARY KEY,
      source_key text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('acceptance','decision','handover')),
      case_no text NOT NULL,
      window_no text,
      staff text,
      department_code text,
      item_code text,
      phone_hash text,
      occurred_at timestamptz NOT NULL,
      rated boolean NOT NULL DEFAULT false)`);
    await q.query(`CREATE INDEX service_event_case ON evaluation.service_event (case_no)`);
    await q.query(`CREATE INDEX service_event_window ON evaluation.service_event (window_no, occurred_at DESC)`);
    await q.query(`CREATE INDEX service_event_phone ON evaluation.service_event (phone_hash, occurred_at DESC) WHERE NOT rated`);
    await q.query(`CREATE INDEX service_event_unrated ON evaluation.service_event (occurred_at) WHERE NOT rated`);
    // the case's applicant phone hash, for SMS replies (the phone itself is not kept)
    await q.query(`ALTER TABLE evaluation.case_ref ADD COLUMN phone_hash text`);

    // one rating per service event; the legacy one-rating-per-case stays unique among ratings without an event
    await q.query(`ALTER TABLE evaluation.evaluation DROP CONSTRAINT IF EXISTS evaluation_case_no_key`);
    await q.query(`DROP INDEX IF EXISTS evaluation."UQ_evaluation_case_no"`);
    await q.query(`ALTER TABLE evaluation.evaluation
      ADD COLUMN service_event_id uuid UNIQUE REFERENCES evaluation.service_event(id),
      ADD COLUMN entered_by text,
      ADD COLUMN defaulted boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE UNIQUE INDEX evaluation_case_once ON evaluation.evaluation (case_no) WHERE service_event_id IS NULL`);
    await q.query(`ALTER TABLE evaluation.evaluation DROP CONSTRAINT evaluation_channel`);
    await q.query(`ALTER TABLE evaluation.evaluation ADD CONSTRAINT evaluation_channel CHECK (channel IN ('pad','paper','online','sms','qr','default'))`);

    await q.query(`CREATE TABLE evaluation.pad_device (
      window_no text PRIMARY KEY,
      secret_hash text NOT NULL,
      registered_by text NOT NULL,
      registered_at timestamptz NOT NULL)`);
    await q.query(`CREATE TABLE evaluation.rating_link (
      token_hash text PRIMARY KEY,
      service_event_id uuid NOT NULL REFERENCES evaluation.service_event(id),
      channel text NOT NULL CHECK (channel IN ('online','qr')),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL)`);

    await q.query(`ALTER TABLE evaluation.rectification DROP CONSTRAINT rectification_status`);
    await q.query(`ALTER TABLE evaluation.rectification ADD CONSTRAINT rectification_status
      CHECK (status IN ('pending_callback','rectifying','done','invalid','cannot_rectify','overdue','pending_verification','rectified'))`);
    await q.query(`ALTER TABLE evaluation.rectification
      ADD COLUMN case_no text,
      ADD COLUMN department_code text,
      ADD COLUMN rectify_due date,
      ADD COLUMN callback_at timestamptz,
      ADD COLUMN callback_by text,
      ADD COLUMN callback_note text,
      ADD COLUMN invalid_reason text,
      ADD COLUMN note text,
      ADD COLUMN appeal_status text CHECK (appeal_status IN ('pending','upheld','rejected')),
      ADD COLUMN appeal_note text,
      ADD COLUMN appeal_decided_by text,
      ADD COLUMN closed_at timestamptz,
      ADD COLUMN closed_on_time boolean`);
    await q.query(`UPDATE evaluation.rectification r SET case_no = e.case_no FROM evaluation.evaluation e WHERE e.id = r.evaluation_id`);
    await q.query(`DROP INDEX evaluation.rectification_open`);
    await q.query(`CREATE INDEX rectification_open ON evaluation.rectification (due_date) WHERE closed_at IS NULL`);
    await q.query(`CREATE TABLE evaluation.rectification_alarm (
      evaluation_id uuid NOT NULL REFERENCES evaluation.rectification(evaluation_id),
      level text NOT NULL CHECK (level IN ('yellow','red')),
      due_date date NOT NULL,
      raised_at timestamptz NOT NULL,
      PRIMARY KEY (evaluation_id, level))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE evaluation.rectification_alarm`);
    await q.query(`DROP INDEX evaluation.rectification_open`);
    await q.query(`CREATE INDEX rectification_open ON evaluation.rectification (due_date) WHERE status IN ('pending_callback','rectifying')`);
    await q.query(`ALTER TABLE evaluation.rectification DROP COLUMN case_no, DROP COLUMN department_code, DROP COLUMN rectify_due, DROP COLUMN callback_at,
      DROP COLUMN callback_by, DROP COLUMN callback_note, DROP COLUMN invalid_reason, DROP COLUMN note, DROP COLUMN appeal_status,
      DROP COLUMN appeal_note, DROP COLUMN appeal_decided_by, DROP COLUMN closed_at, DROP COLUMN closed_on_time`);
    await q.query(`DROP TABLE evaluation.rating_link`);
    await q.query(`DROP TABLE evaluation.pad_device`);
    await q.query(`DROP INDEX evaluation.evaluation_case_once`);
    await q.query(`ALTER TABLE evaluation.evaluation DROP COLUMN service_event_id, DROP COLUMN entered_by, DROP COLUMN defaulted`);
    await q.query(`ALTER TABLE evaluation.evaluation ADD CONSTRAINT evaluation_case_no_key UNIQUE (case_no)`);
    await q.query(`ALTER TABLE evaluation.case_ref DROP COLUMN phone_hash`);
    await q.query(`DROP TABLE evaluation.service_event`);
  }
}
