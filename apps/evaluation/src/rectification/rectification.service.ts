import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  EVALUATION_STATS_DIMENSIONS,
  Events,
  type EvaluationStatsRequest,
  type EvaluationStatsRow,
  type InvalidReviewReason,
  type ListRectificationsRequest,
  type RatingLevel,
  type RectificationActionRequest,
  type RectificationCaseView,
  type RectificationStatus,
} from '@yichuang/contracts';
import { CalendarClient, Clock, Outbox, requireActor } from '@yichuang/platform';
import { EVALUATION_ENV } from '../tokens.js';
import type { EvaluationEnv } from '../config.js';
import { alarmLevel, deadlines, remaining, transition, type AppealStatus } from './rectification-rules.js';

interface RectRow {
  evaluation_id: string;
  case_no: string;
  status: RectificationStatus;
  due_date: string;
  rectify_due: string | null;
  department_code: string | null;
  callback_at: Date | null;
  callback_by: string | null;
  callback_note: string | null;
  invalid_reason: InvalidReviewReason | null;
  note: string | null;
  appeal_status: AppealStatus | null;
  appeal_note: string | null;
  appeal_decided_by: string | null;
  closed_at: Date | null;
  closed_on_time: boolean | null;
  level: RatingLevel;
  window_no: string | null;
  staff: string | null;
  alarms: ('yellow' | 'red')[] | null;
}

const SELECT = `SELECT r.evaluation_id, coalesce(r.case_no, e.case_no) AS case_no, r.status, r.due_date::text AS due_date, r.rectify_due::text AS rectify_due,
  r.department_code, r.callback_at, r.callback_by, r.callback_note, r.invalid_reason, r.note, r.appeal_status, r.appeal_note, r.appeal_decided_by,
  r.closed_at, r.closed_on_time, e.level, e.window_no, s.staff,
  (SELECT array_agg(a.level ORDER BY a.level DESC) FROM rectification_alarm a WHERE a.evaluation_id = r.evaluation_id) AS alarms
  FROM rectification r JOIN evaluation e ON e.id = r.evaluation_id LEFT JOIN service_event s ON s.id = e.service_event_id`;

/**
 * 差评整改: the rectification case of a bad review, on the working-day calendar (admin's, like review's deadlines):
 * the call-back is due RECTIFICATION_CALLBACK_WORKING_DAYS after the review, the rectification
 * RECTIFICATION_WORKING_DAYS after it. The periodic job raises a yellow then a red alarm once each for an open case
 * whose current step is nearly due / overdue; notification sends them to the department head and the supervisor.
 */
@Injectable()
export class RectificationService {
  private readonly logger = new Logger('Rectification');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EVALUATION_ENV) private readonly env: EvaluationEnv,
    private readonly calendar: CalendarClient,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  /** Open the case of a bad review (in the rating's transaction): 待核实, both deadlines in working days. */
  async open(tx: EntityManager, evaluationId: string, caseNo: string, departmentCode: string | null): Promise<{ status: RectificationStatus; dueDate: string; handler: null }> {
    const cal = await this.calendar.calendar();
    const today = this.clock.today();
    const { callbackDue: dueDate, rectifyDue } = deadlines(cal, today, {
      callbackWorkingDays: this.env.RECTIFICATION_CALLBACK_WORKING_DAYS,
      rectifyWorkingDays: this.env.RECTIFICATION_WORKING_DAYS,
    });
    await tx.query(
      `INSERT INTO rectification (evaluation_id, status, due_date, rectify_due, case_no, department_code, created_at) VALUES ($1, 'pending_verification', $2, $3, $4, $5, $6)`,
      [evaluationId, dueDate, rectifyDue, caseNo, departmentCode, this.clock.now()],
    );
    return { status: 'pending_verification', dueDate, handler: null };
  }

  async list(req: ListRectificationsRequest): Promise<RectificationCaseView[]> {
    const actor = requireActor('supervisor', 'admin', 'department_head', 'clerk');
    // a department head sees the cases of their department
    const dept = actor.roles.includes('supervisor') || actor.roles.includes('admin') ? null : actor.roles.includes('department_head') ? (actor.department ?? '') : null;
    const rows = (await this.ds.query(`${SELECT} WHERE ($1::text IS NULL OR r.status = $1) AND ($2::text IS NULL OR r.department_code = $2) ORDER BY r.created_at DESC LIMIT 500`, [
      req.status ?? null,
      dept,
    ])) as RectRow[];
    return rows.map(caseView);
  }

  async act(req: RectificationActionRequest): Promise<RectificationCaseView> {
    const actor = requireActor('supervisor', 'department_head', 'clerk');
    const supervisor = actor.roles.includes('supervisor');
    const changed = await this.ds.transaction(async (tx) => {
      const [row] = (await tx.query(`${SELECT} WHERE r.evaluation_id = $1 FOR UPDATE OF r`, [req.id])) as RectRow[];
      if (!row) throw AppError.notFound('rectification');
      if (!supervisor && actor.roles.includes('department_head') && row.department_code && row.department_code !== actor.department) {
        throw new AppError('FORBIDDEN', 'not a rectification of your department');
      }
      const t = transition(
        { status: row.status, appeal: row.appeal_status, callbackDone: row.callback_at !== null },
        { action: req.action, note: req.note, reason: req.reason, supervisor },
      );
      if (!t.ok) throw new AppError(t.code, t.reason, [{ field: 'action', problem: t.reason }]);
      const now = this.clock.now();
      const today = this.clock.today();
      const sets: string[] = ['status = $2', 'appeal_status = $3'];
      const args: unknown[] = [req.id, t.state.status, t.state.appeal];
      const set = (col: string, v: unknown) => {
        args.push(v);
        sets.push(`${col} = $${args.length}`);
      };
      if (req.action === 'callback') {
        set('callback_at', now);
        set('callback_by', actor.username);
        set('callback_note', req.note?.trim() ?? '');
      }
      if (req.action === 'appeal') {
        set('appeal_note', req.note ?? null);
        set('invalid_reason', req.reason);
      }
      if (req.action === 'appeal_upheld' || req.action === 'appeal_rejected') set('appeal_decided_by', actor.username);
      if (req.action === 'invalid') set('invalid_reason', req.reason);
      if (req.action === 'rectified' || req.action === 'cannot_rectify') set('note', req.note ?? null);
      if (t.closes) {
        set('closed_at', now);
        set('closed_on_time', today <= (row.rectify_due ?? row.due_date));
        set('handler', actor.username);
      }
      await tx.query(`UPDATE rectification SET ${sets.join(', ')} WHERE evaluation_id = $1`, args);
      // the applicant's phone is not kept here: notification finds it from the case (the outcome SMS)
      await this.outbox.add(tx, Events.rectificationChanged, {
        evaluationId: req.id,
        caseNo: row.case_no,
        status: t.state.status,
        action: req.action,
        ...(row.department_code ? { departmentCode: row.department_code } : {}),
        changedAt: now.toISOString(),
      });
      return req.id;
    });
    const [row] = (await this.ds.query(`${SELECT} WHERE r.evaluation_id = $1`, [changed])) as RectRow[];
    if (!row) throw AppError.notFound('rectification');
    return caseView(row);
  }

  /**
   * Raise the yellow / red alarm of every open case whose current step (call-back while 待核实, else the
   * rectification) is nearly due / overdue, once per level (the primary key): durable, it compares the stored
   * due dates with today, so a sweep after a restart raises what was missed. A handful of open cases: row by row.
   */
  async sweepAlarms(): Promise<number> {
    const rows = (await this.ds.query(
      `SELECT r.evaluation_id, coalesce(r.case_no, e.case_no) AS case_no, r.status, r.department_code,
              (CASE WHEN r.callback_at IS NULL THEN r.due_date ELSE coalesce(r.rectify_due, r.due_date) END)::text AS due
       FROM rectification r JOIN evaluation e ON e.id = r.evaluation_id
       WHERE r.closed_at IS NULL AND r.status NOT IN ('done','invalid','cannot_rectify','rectified')`,
    )) as { evaluation_id: string; case_no: string; department_code: string | null; due: string }[];
    if (rows.length === 0) return 0;
    const cal = await this.calendar.calendar();
    const today = this.clock.today();
    const now = this.clock.now();
    let raised = 0;
    for (const r of rows) {
      const level = alarmLevel(remaining(cal, today, r.due), { yellowAtOrBelow: this.env.RECTIFICATION_YELLOW_AT_OR_BELOW });
      if (level === 'none') continue;
      // red implies the yellow was passed: both are raised once (a sweep that first sees it overdue raises red only)
      raised += await this.ds.transaction(async (tx) => {
        const ins = (await tx.query(
          `INSERT INTO rectification_alarm (evaluation_id, level, due_date, raised_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1`,
          [r.evaluation_id, level, r.due, now],
        )) as unknown[];
        if (ins.length === 0) return 0;
        await this.outbox.add(tx, Events.rectificationAlarmRaised, {
          evaluationId: r.evaluation_id,
          caseNo: r.case_no,
          level,
          ...(r.department_code ? { departmentCode: r.department_code } : {}),
          dueDate: r.due,
          raisedAt: now.toISOString(),
        });
        return 1;
      });
    }
    if (raised > 0) this.logger.warn(`${raised} rectification alarm(s) raised (today ${today})`);
    return raised;
  }

  /** Satisfaction, bad-review and rectification on-time rates by window, staff, department, item or month. */
  async stats(req: EvaluationStatsRequest): Promise<EvaluationStatsRow[]> {
    requireActor('supervisor', 'admin');
    if (!EVALUATION_STATS_DIMENSIONS.includes(req.by)) throw new AppError('VALIDATION_FAILED', 'unknown dimension', [{ field: 'by', problem: 'unknown' }]);
    const key = {
      window: `coalesce(e.window_no, '')`,
      staff: `coalesce(s.staff, '')`,
      department: `coalesce(s.department_code, r.department_code, '')`,
      item: `coalesce(s.item_code, '')`,
      month: `to_char(e.created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`,
    }[req.by];
    const rows = (await this.ds.query(
      `SELECT ${key} AS key, count(*)::int AS ratings,
         count(*) FILTER (WHERE e.level IN ('very_satisfied','satisfied','basic'))::int AS satisfied,
         count(*) FILTER (WHERE e.bad)::int AS bad,
         count(*) FILTER (WHERE e.defaulted)::int AS defaulted,
         count(r.evaluation_id)::int AS rectifications,
         count(*) FILTER (WHERE r.closed_at IS NOT NULL)::int AS closed,
         count(*) FILTER (WHERE r.closed_on_time)::int AS closed_on_time
       FROM evaluation e LEFT JOIN service_event s ON s.id = e.service_event_id LEFT JOIN rectification r ON r.evaluation_id = e.id
       WHERE ($1::date IS NULL OR (e.created_at AT TIME ZONE 'Asia/Shanghai')::date >= $1::date)
         AND ($2::date IS NULL OR (e.created_at AT TIME ZONE 'Asia/Shanghai')::date <= $2::date)
       GROUP BY 1 ORDER BY 1`,
      [req.from ?? null, req.to ?? null],
    )) as { key: string; ratings: number; satisfied: number; bad: number; defaulted: number; rectifications: number; closed: number; closed_on_time: number }[];
    const rate = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 10_000) / 10_000);
    return rows.map((r) => ({
      key: r.key,
      ratings: r.ratings,
      satisfied: r.satisfied,
      bad: r.bad,
      defaulted: r.defaulted,
      satisfactionRate: rate(r.satisfied, r.ratings),
      badRate: rate(r.bad, r.ratings),
      rectifications: r.rectifications,
      closedOnTime: r.closed_on_time,
      rectificationOnTimeRate: rate(r.closed_on_time, r.closed),
    }));
  }
}

function caseView(r: RectRow): RectificationCaseView {
  return {
    evaluationId: r.evaluation_id,
    caseNo: r.case_no,
    status: r.status,
    level: r.level,
    callbackDue: r.due_date,
    alarms: r.alarms ?? [],
    ...(r.rectify_due ? { rectifyDue: r.rectify_due } : {}),
    ...(r.department_code ? { departmentCode: r.department_code } : {}),
    ...(r.window_no ? { windowNo: r.window_no } : {}),
    ...(r.staff ? { staff: r.staff } : {}),
    ...(r.callback_at ? { callback: { by: r.callback_by ?? '', at: new Date(r.callback_at).toISOString(), note: r.callback_note ?? '' } } : {}),
    ...(r.invalid_reason && r.status === 'invalid' ? { invalidReason: r.invalid_reason } : {}),
    ...(r.note ? { note: r.note } : {}),
    ...(r.appeal_status
      ? { appeal: { status: r.appeal_status, ...(r.appeal_note ? { note: r.appeal_note } : {}), ...(r.appeal_decided_by ? { decidedBy: r.appeal_decided_by } : {}) } }
      : {}),
    ...(r.closed_at ? { closedAt: new Date(r.closed_at).toISOString(), onTime: r.closed_on_time === true } : {}),
  };
}

