import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { ExchangeCounterpart, ExchangeItemView, ReconciliationReport, ReconciliationRun } from '@yichuang/contracts';
import type { ExchangeRecord } from './records.js';

export interface PushRow {
  id: string;
  counterpart: ExchangeCounterpart;
  case_no: string;
  milestone: ExchangeRecord['milestone'];
  occurred_at: Date;
  status: 'pending' | 'pushed' | 'rejected';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  pushed_at: Date | null;
}

export type ClearReason = 'task_decided' | 'accepted' | 'delivered';

const COLUMNS = 'id, counterpart, case_no, milestone, occurred_at, status, attempts, next_attempt_at, last_error, created_at, pushed_at';

/**
 * A step's place in its case, before its time: what causes it comes first whatever the clocks of the services that
 * stamped them said (a department's decision before the case's, the decision before the documents, those before
 * their hand-over; an alarm before its clearing).
 */
const rank = (t: string) => `(CASE ${t}.milestone WHEN 'accepted' THEN 0 WHEN 'decided' THEN 2 WHEN 'alarm_cleared' THEN 2 WHEN 'issued' THEN 3 WHEN 'handed_over' THEN 4 ELSE 1 END)`;

/** The SQL of `push_record` and `settled_matter` (schema `exchange`): one place for the tables of the push. */
@Injectable()
export class PushRecords {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** queued in the caller's transaction, idempotent by id, first due at `firstTry` */
  async add(tx: EntityManager, records: ExchangeRecord[], now: Date, firstTry: Date): Promise<void> {
    for (const r of records) {
      await tx.query(
        `INSERT INTO push_record (id, counterpart, case_no, milestone, occurred_at, record, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [r.id, r.counterpart, r.caseNo, r.milestone, r.occurredAt, JSON.stringify(r), now, firstTry],
      );
    }
  }

  /**
   * The next row to send, locked: due by the service's Clock, of an enabled counterpart, and the earliest waiting step
   * of its case for that counterpart (by its place in the case, its time, then arrival) — an earlier step being sent
   * by another instance is locked, still pending, so this one waits.
   */
  async nextDue(tx: EntityManager, now: Date, counterparts: ExchangeCounterpart[]): Promise<{ id: string; record: ExchangeRecord; attempts: number } | undefined> {
    const [row] = (await tx.query(
      `SELECT r.id, r.record, r.attempts FROM push_record r
       WHERE r.status = 'pending' AND r.counterpart = ANY($2) AND r.next_attempt_at <= $1
         AND NOT EXISTS (SELECT 1 FROM push_record p WHERE p.case_no = r.case_no AND p.counterpart = r.counterpart
                         AND p.status = 'pending' AND (${rank('p')}, p.occurred_at, p.seq) < (${rank('r')}, r.occurred_at, r.seq))
       ORDER BY r.next_attempt_at, ${rank('r')}, r.occurred_at, r.seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [now, counterparts],
    )) as { id: string; record: ExchangeRecord; attempts: number }[];
    return row;
  }

  async pushed(tx: EntityManager, id: string, attempts: number, at: Date): Promise<void> {
    await tx.query(`UPDATE push_record SET status = 'pushed', attempts = $2, pushed_at = $3, last_error = NULL WHERE id = $1`, [id, attempts, at]);
  }

  async rejected(tx: EntityManager, id: string, attempts: number, error: string): Promise<void> {
    await tx.query(`UPDATE push_record SET status = 'rejected', attempts = $2, last_error = $3 WHERE id = $1`, [id, attempts, error]);
  }

  async retryLater(tx: EntityManager, id: string, attempts: number, error: string, at: Date): Promise<void> {
    await tx.query(`UPDATE push_record SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`, [id, attempts, error, at]);
  }

  /** a row not pushed made due now (attempts kept): the row, or its status when it was pushed, or nothing */
  async sendAgain(id: string, now: Date): Promise<{ row: PushRow } | { status: string } | undefined> {
    const [rows] = (await this.ds.query(`UPDATE push_record SET status = 'pending', next_attempt_at = $2 WHERE id = $1 AND status <> 'pushed' RETURNING ${COLUMNS}`, [id, now])) as [PushRow[], number];
    if (rows[0]) return { row: rows[0] };
    const [exists] = (await this.ds.query(`SELECT status FROM push_record WHERE id = $1`, [id])) as { status: string }[];
    return exists;
  }

  /** pushed rows made due again now, with the reason as their last error (the province lost them) */
  async requeue(ids: string[], now: Date, note: string): Promise<void> {
    await this.ds.query(`UPDATE push_record SET status = 'pending', next_attempt_at = $2, last_error = $3 WHERE id = ANY($1) AND status = 'pushed'`, [ids, now, note]);
  }

  /** per counterpart: pending, failing, rejected, pushed, the oldest pending */
  counts(): Promise<{ counterpart: ExchangeCounterpart; pending: number; failing: number; rejected: number; pushed: number; oldest: Date | null }[]> {
    return this.ds.query(
      `SELECT counterpart,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'pending' AND attempts > 0)::int AS failing,
              count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE status = 'pushed')::int AS pushed,
              min(created_at) FILTER (WHERE status = 'pending') AS oldest
       FROM push_record GROUP BY counterpart`,
    );
  }

  /** the rows not pushed, oldest first */
  unpushed(limit: number): Promise<PushRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM push_record WHERE status <> 'pushed' ORDER BY created_at, seq LIMIT $1`, [limit]);
  }

  /** the rows of a counterpart whose step happened on `date` (China time) */
  ofDay(counterpart: ExchangeCounterpart, date: string): Promise<{ id: string; status: string }[]> {
    return this.ds.query(`SELECT id, status FROM push_record WHERE counterpart = $1 AND (occurred_at AT TIME ZONE 'Asia/Shanghai')::date = $2::date`, [counterpart, date]);
  }

  /** a reconciliation as it was run (`complete`: every configured platform answered) */
  async saveRun(report: ReconciliationReport, ranAt: Date, ranBy: string): Promise<void> {
    const complete = report.counterparts.every((c) => !c.error);
    await this.ds.query(`INSERT INTO reconciliation_run (date, ran_at, ran_by, report, complete) VALUES ($1, $2, $3, $4, $5)`, [report.date, ranAt, ranBy, JSON.stringify(report), complete]);
  }

  /** the newest runs */
  async runs(limit: number): Promise<ReconciliationRun[]> {
    const rows = (await this.ds.query(`SELECT ran_at, ran_by, report FROM reconciliation_run ORDER BY ran_at DESC, id DESC LIMIT $1`, [limit])) as { ran_at: Date; ran_by: string; report: ReconciliationReport }[];
    return rows.map((r) => ({ ...r.report, ranAt: new Date(r.ran_at).toISOString(), ranBy: r.ran_by }));
  }

  /** the night job's last run of a day: whether every platform answered, and when */
  async lastDailyRun(date: string): Promise<{ complete: boolean; ran_at: Date } | undefined> {
    const [row] = (await this.ds.query(`SELECT complete, ran_at FROM reconciliation_run WHERE date = $1 AND ran_by = 'daily' ORDER BY ran_at DESC, id DESC LIMIT 1`, [date])) as {
      complete: boolean;
      ran_at: Date;
    }[];
    return row;
  }

  /** the alarms reported for a matter, in the order they were heard */
  alarmsOf(tx: EntityManager, matter: string): Promise<{ alarm_id: string; case_no: string }[]> {
    return tx.query(`SELECT record->'data'->>'alarmId' AS alarm_id, case_no FROM push_record WHERE milestone = 'alarm_raised' AND record->'data'->>'matter' = $1 ORDER BY seq`, [matter]);
  }

  /** a matter settled by an event, remembered once */
  async settle(tx: EntityManager, matter: string, eventId: string, reason: ClearReason, at: string): Promise<void> {
    await tx.query(`INSERT INTO settled_matter (matter, event_id, reason, settled_at) VALUES ($1, $2, $3, $4) ON CONFLICT (matter) DO NOTHING`, [matter, eventId, reason, at]);
  }

  async settledOf(tx: EntityManager, matter: string): Promise<{ event_id: string; reason: ClearReason; settled_at: Date } | undefined> {
    const [row] = (await tx.query(`SELECT event_id, reason, settled_at FROM settled_matter WHERE matter = $1`, [matter])) as { event_id: string; reason: ClearReason; settled_at: Date }[];
    return row;
  }
}

/** a row as the supervisor sees it */
export function itemView(r: PushRow): ExchangeItemView {
  return {
    id: r.id,
    counterpart: r.counterpart,
    milestone: r.milestone,
    caseNo: r.case_no,
    status: r.status,
    attempts: r.attempts,
    occurredAt: new Date(r.occurred_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.pushed_at ? { pushedAt: new Date(r.pushed_at).toISOString() } : {}),
    ...(r.status === 'pending' ? { nextAttemptAt: new Date(r.next_attempt_at).toISOString() } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
  };
}
