import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap, type Provider } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, Events, type AlarmView, type ListAlarmsRequest } from '@yichuang/contracts';
import { ALARM_KIND_TEXT, type WorkingCalendar } from '@yichuang/domain';
import { CalendarClient, Clock, Outbox, PeriodicJob, requestContext, requireActor } from '@yichuang/platform';
import { sweepPlan, type LevelPlan } from './sweep-plan.js';

export interface AlarmSettings {
  /** yellow when 0 ≤ remaining working days ≤ this */
  yellowAtOrBelow: number;
  /** how often each instance sweeps */
  sweepMs: number;
}

export const ALARM_SETTINGS = Symbol('ALARM_SETTINGS');

/** Advisory-lock key of the sweep (one sweep at a time across every instance of the service). */
const SWEEP_LOCK = 'review.task_alarm.sweep';

interface TaskAlarmRow {
  id: string;
  task_id: string;
  case_no: string;
  department_code: string;
  level: 'yellow' | 'red';
  due_date: string;
  remaining: number;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

export interface SweepResult {
  raised: number;
  yellow: number;
  red: number;
}

/**
 * Electronic supervision of review tasks (电子监察): a yellow warning when an open task has
 * `yellowAtOrBelow` working days or fewer left, red once it is overdue. A task whose clock is stopped
 * (suspended, awaiting correction) or that is decided raises nothing.
 *
 * The sweep is durable: it compares the stored due dates with today (never "fire at time T"), so a sweep
 * after a restart raises what was missed, and the (task, level) unique key makes each alarm happen once,
 * whichever instance sweeps. It is set-based: the calendar is consulted once per sweep for the due-date
 * slice of each level, then one INSERT … SELECT per level writes the alarms and their outbox events.
 */
@Injectable()
export class AlarmsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('TaskAlarms');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarClient,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    @Inject(ALARM_SETTINGS) private readonly settings: AlarmSettings,
  ) {
    this.job = new PeriodicJob('TaskAlarmSweep', settings.sweepMs, () => this.sweep());
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Raise every alarm due today that was not raised yet; answers how many were raised now. */
  async sweep(): Promise<SweepResult> {
    const calendar = await this.workingCalendar();
    const today = this.clock.today();
    const now = this.clock.now().toISOString();
    return this.ds.transaction(async (tx) => {
      // one sweep at a time across instances: a concurrent one waits, then finds everything raised
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SWEEP_LOCK]);
      const [oldest] = (await tx.query(
        `SELECT due_date::text AS due FROM review_task WHERE status IN ('pending','claimed') ORDER BY due_date LIMIT 1`,
      )) as { due: string }[];
      const plan = sweepPlan(calendar, today, this.settings.yellowAtOrBelow, oldest?.due ?? null);
      const red = plan.red ? await this.raise(tx, plan.red, now) : 0;
      const yellow = await this.raise(tx, plan.yellow, now);
      // the events were written set-based, not one by one: the relay publishes them right after the commit
      if (red + yellow > 0) this.outbox.drainAfterCommit(tx);
      if (red + yellow > 0) this.logger.warn(`${red} red and ${yellow} yellow task alarm(s) raised (today ${today})`);
      if (!plan.workingDays && red + yellow > 0) this.logger.warn(`task alarms of ${today}: some days counted as calendar days (no working-day calendar for them)`);
      return { raised: red + yellow, red, yellow };
    });
  }

  /**
   * One statement: the open tasks due in the slice without this level's alarm get one (ON CONFLICT DO
   * NOTHING guards the unique key), and each new alarm's `task.alarm.raised` event goes into the outbox
   * in the same statement, with the envelope of `Outbox.add`.
   */
  private async raise(tx: EntityManager, slice: LevelPlan, now: string): Promise<number> {
    const rows = (await tx.query(
      `WITH due(d, r) AS (SELECT * FROM unnest($1::date[], $2::int[])),
       -- first the ids only: an index-only scan of the partial index, anti-joined with the alarms raised
       -- (so the tasks already alarmed cost no heap visit: the no-crossing sweep stays cheap)
       cand AS MATERIALIZED (
         SELECT t.id FROM review_task t
         WHERE t.status IN ('pending','claimed') AND t.due_date >= $5::date AND t.due_date <= $6::date
           AND NOT EXISTS (SELECT 1 FROM task_alarm a WHERE a.task_id = t.id AND a.level = $3::text)),
       ins AS (
         INSERT INTO task_alarm (task_id, case_no, department_code, level, due_date, remaining, raised_at)
         SELECT t.id, t.case_no, t.department_code, $3::text, t.due_date, due.r, $4::timestamptz
         FROM cand JOIN review_task t ON t.id = cand.id JOIN due ON due.d = t.due_date
         WHERE t.status IN ('pending','claimed')
         ORDER BY t.due_date, t.id
         ON CONFLICT (task_id, level) DO NOTHING
         RETURNING id, task_id, case_no, department_code, level, due_date, remaining),
       ev AS (SELECT gen_random_uuid() AS event_id, ins.* FROM ins),
       out AS (
         INSERT INTO outbox (id, subject, envelope)
         SELECT ev.event_id, $7::text, jsonb_build_object(
           'id', ev.event_id, 'type', $7::text, 'source', 'review', 'occurredAt', $8::text,
           'correlationId', coalesce($9::text, ev.event_id::text),
           'data', jsonb_build_object(
             'alarmId', ev.id, 'taskId', ev.task_id, 'caseNo', ev.case_no, 'departmentCode', ev.department_code,
             'level', ev.level, 'dueDate', to_char(ev.due_date, 'YYYY-MM-DD'), 'remainingWorkingDays', ev.remaining,
             'raisedAt', $8::text))
         FROM ev ORDER BY ev.due_date, ev.task_id
         RETURNING 1)
       SELECT count(*)::int AS n FROM out`,
      [slice.dates, slice.remaining, slice.level, now, slice.from ?? slice.to, slice.to, Events.taskAlarmRaised.subject, now, requestContext.correlationId() ?? null],
    )) as { n: number }[];
    return rows[0]?.n ?? 0;
  }

  /** Open (unacknowledged) task alarms, newest first; with `includeAcknowledged=true` every alarm. */
  async list(req: ListAlarmsRequest): Promise<AlarmView[]> {
    requireActor('supervisor', 'clerk', 'admin');
    const rows = (await this.ds.query(
      `SELECT id, task_id, case_no, department_code, level, due_date::text AS due_date, remaining, raised_at, acknowledged_at, acknowledged_by
       FROM task_alarm WHERE ($1::text IS NULL OR level = $1) AND ($2 OR acknowledged_at IS NULL)
       ORDER BY raised_at DESC, id LIMIT 500`,
      [req.level ?? null, req.includeAcknowledged === 'true'],
    )) as TaskAlarmRow[];
    return rows.map(view);
  }

  /** Acknowledge (签收) an alarm: it leaves the open list. Again by the same user: unchanged; by another: CONFLICT. */
  async acknowledge(id: string): Promise<AlarmView> {
    const actor = requireActor('supervisor', 'clerk');
    const now = this.clock.now();
    const [, affected] = (await this.ds.query(`UPDATE task_alarm SET acknowledged_at = $3, acknowledged_by = $2 WHERE id = $1 AND acknowledged_at IS NULL`, [
      id,
      actor.username,
      now,
    ])) as [unknown, number];
    const [row] = (await this.ds.query(
      `SELECT id, task_id, case_no, department_code, level, due_date::text AS due_date, remaining, raised_at, acknowledged_at, acknowledged_by FROM task_alarm WHERE id = $1`,
      [id],
    )) as TaskAlarmRow[];
    if (!row) throw AppError.notFound('alarm');
    if (affected === 0 && row.acknowledged_by !== actor.username) {
      throw new AppError('CONFLICT', `already acknowledged by ${row.acknowledged_by ?? 'someone'}`);
    }
    return view(row);
  }

  /** The admin's calendar; none when never fetched (days then count as calendar days). */
  private async workingCalendar(): Promise<WorkingCalendar | undefined> {
    try {
      return await this.calendar.calendar();
    } catch (err) {
      this.logger.warn(`no working-day calendar from admin, alarm thresholds counted in calendar days: ${(err as Error).message}`);
      return undefined;
    }
  }
}

function view(r: TaskAlarmRow): AlarmView {
  const kind = r.level === 'red' ? 'task_overdue' : 'task_due_soon';
  const message =
    r.level === 'red'
      ? `案件${r.case_no}的${ALARM_KIND_TEXT[kind]}（承诺办结日${r.due_date}，超期${-r.remaining}个工作日）`
      : `案件${r.case_no}的${ALARM_KIND_TEXT[kind]}（承诺办结日${r.due_date}，剩余${r.remaining}个工作日）`;
  return {
    id: r.id,
    kind,
    level: r.level,
    message,
    raisedAt: r.raised_at.toISOString(),
    caseNo: r.case_no,
    taskId: r.task_id,
    department: r.department_code,
    ...(r.acknowledged_at ? { acknowledgedAt: r.acknowledged_at.toISOString() } : {}),
    ...(r.acknowledged_by ? { acknowledgedBy: r.acknowledged_by } : {}),
  };
}

/** The providers of the alarms feature, for the review module. */
export function alarmProviders(settings: AlarmSettings): Provider[] {
  return [{ provide: ALARM_SETTINGS, useValue: settings }, AlarmsService];
}
