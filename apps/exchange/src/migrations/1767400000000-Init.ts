import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxWithoutNotifyUp, platformTablesDown, platformTablesUp } from '@yichuang/platform';

/**
 * The exchange with the provincial platforms: the platform tables (the consumers' processed events) and
 * `push_record`, one row per step of a case and counterpart, keyed `<event id>:<counterpart>`; `seq` orders the
 * steps of one case that happened at the same instant.
 */
export class Init1767400000000 implements MigrationInterface {
  name = 'Init1767400000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of platformTablesUp('exchange')) await q.query(sql);
    for (const sql of outboxWithoutNotifyUp('exchange')) await q.query(sql);
    await q.query(`CREATE TABLE exchange.push_record (
      id text PRIMARY KEY,
      seq bigserial NOT NULL UNIQUE,
      counterpart text NOT NULL CHECK (counterpart IN ('zwfw','gcjs')),
      case_no text NOT NULL,
      milestone text NOT NULL,
      occurred_at timestamptz NOT NULL,
      record jsonb NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','pushed','rejected')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      pushed_at timestamptz,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX push_record_due ON exchange.push_record (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX push_record_case ON exchange.push_record (case_no, counterpart, occurred_at, seq) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX push_record_day ON exchange.push_record (counterpart, ((occurred_at AT TIME ZONE 'Asia/Shanghai')::date))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE exchange.push_record`);
    for (const sql of platformTablesDown('exchange')) await q.query(sql);
  }
}
