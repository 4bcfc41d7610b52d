import type { MigrationInterface, QueryRunner } from 'typeorm';
import { platformTablesDown, platformTablesUp } from '@yichuang/platform';

export class Init1764100000000 implements MigrationInterface {
  name = 'Init1764100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of platformTablesUp('notification')) await q.query(sql);
    await q.query(`CREATE TABLE notification.recipient (case_no text PRIMARY KEY, name text NOT NULL, phone text NOT NULL)`);
    await q.query(`CREATE TABLE notification.message (
      id uuid PRIMARY KEY, case_no text NOT NULL, channel text NOT NULL CHECK (channel IN ('sms','ems')),
      template text NOT NULL, dedupe_key text NOT NULL UNIQUE, recipient text NOT NULL, content text NOT NULL,
      status text NOT NULL, attempts int NOT NULL DEFAULT 0, provider_id text,
      created_at timestamptz NOT NULL, sent_at timestamptz)`);
    await q.query(`CREATE INDEX message_case ON notification.message (case_no, created_at)`);
    await q.query(`CREATE INDEX message_waiting ON notification.message (created_at) WHERE status IN ('created','temporary_failure')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification.message`);
    await q.query(`DROP TABLE notification.recipient`);
    for (const sql of platformTablesDown('notification')) await q.query(sql);
  }
}
