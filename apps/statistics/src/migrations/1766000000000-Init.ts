import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxWithoutNotifyUp, platformTablesDown, platformTablesUp } from '@yichuang/platform';

/**
 * The statistics read model: facts taken from the events only (docs/subjects.md), never from another service's
 * tables. Every time is the event's (its payload, else its occurredAt). Rebuilt by dropping the rows and replaying
 * the stream (feed/feed.ts).
 */
export class Init1766000000000 implements MigrationInterface {
  name = 'Init1766000000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of platformTablesUp('statistics')) await q.query(sql);
    for (const sql of outboxWithoutNotifyUp('statistics')) await q.query(sql);
    await q.query(`CREATE TABLE statistics.feed_position (
      id int PRIMARY KEY CHECK (id = 1),
      last_sequence bigint NOT NULL DEFAULT 0, last_event_id uuid, last_subject text, last_occurred_at timestamptz,
      applied bigint NOT NULL DEFAULT 0, rebuilt_up_to bigint)`);
    await q.query(`INSERT INTO statistics.feed_position (id) VALUES (1)`);
    await q.query(`CREATE TABLE statistics.ticket (
      ticket_id uuid PRIMARY KEY, ticket_no text NOT NULL, day date NOT NULL, category text, priority text,
      issued_at timestamptz, called_at timestamptz, window_no text, called_by text, call_count int NOT NULL DEFAULT 0,
      finished_at timestamptz, outcome text, application_id uuid)`);
    await q.query(`CREATE INDEX ticket_application ON statistics.ticket (application_id) WHERE application_id IS NOT NULL`);
    await q.query(`CREATE INDEX ticket_day ON statistics.ticket (day)`);
    await q.query(`CREATE TABLE statistics.case_fact (
      case_no text PRIMARY KEY, application_id uuid NOT NULL, project_code text NOT NULL, project_name text NOT NULL,
      stage int NOT NULL, applicant_kind text NOT NULL, applicant_name text NOT NULL, applicant_id_masked text,
      window_no text, accepted_by text NOT NULL, accepted_at timestamptz NOT NULL, accepted_date date NOT NULL,
      decided_at timestamptz, status text, status_at timestamptz, handed_over_at timestamptz)`);
    await q.query(`CREATE INDEX case_fact_project ON statistics.case_fact (project_code)`);
    await q.query(`CREATE INDEX case_fact_accepted ON statistics.case_fact (accepted_date)`);
    await q.query(`CREATE TABLE statistics.case_item (
      case_no text NOT NULL, item_code text NOT NULL, item_name text, department_code text NOT NULL, department_name text,
      kind text, legal_days int, promised_days int, due_date date, task_id uuid, outcome text, decided_at timestamptz, decided_by text,
      PRIMARY KEY (case_no, item_code))`);
    await q.query(`CREATE TABLE statistics.pause_fact (
      event_id uuid PRIMARY KEY, task_id uuid NOT NULL, case_no text NOT NULL, item_code text NOT NULL, department_code text NOT NULL,
      kind text NOT NULL, procedure text, expected_working_days int, started_at timestamptz NOT NULL, ended_at timestamptz)`);
    await q.query(`CREATE INDEX pause_fact_task ON statistics.pause_fact (task_id)`);
    await q.query(`CREATE TABLE statistics.document_fact (
      certificate_id uuid PRIMARY KEY, case_no text NOT NULL, item_code text NOT NULL, no text NOT NULL, type text, type_name text NOT NULL,
      role text, standing text NOT NULL DEFAULT 'valid', issued_at timestamptz NOT NULL, shipment_id uuid, handed_over_at timestamptz)`);
    await q.query(`CREATE INDEX document_fact_case ON statistics.document_fact (case_no)`);
    await q.query(`CREATE TABLE statistics.rating_fact (
      evaluation_id uuid PRIMARY KEY, case_no text NOT NULL UNIQUE, level text NOT NULL, channel text NOT NULL, submitted_at timestamptz NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['rating_fact', 'document_fact', 'pause_fact', 'case_item', 'case_fact', 'ticket', 'feed_position']) await q.query(`DROP TABLE statistics.${t}`);
    for (const sql of platformTablesDown('statistics')) await q.query(sql);
  }
}
