import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AppError,
  type CaseItemTimes,
  type CaseTimesView,
  type PauseRow,
  type StatisticsPeriodRequest,
  type StatisticsSummary,
  type TimelinessRow,
  type VolumeRow,
} from '@yichuang/contracts';
import { CalendarRangeError, type CaseStatus, type Outcome, type RatingLevel, type Stage, type TaskPauseKind, type WorkingCalendar } from '@yichuang/domain';
import { CalendarClient } from '@yichuang/platform';
import { Feed } from '../feed/feed.js';
import { caseRatings, ratingsOfCases, type RatingRow } from './ratings.js';
import { average, chinaDate, onTime, pauseDays, pausedWorkingDays, rate, satisfactionRows, secondsBetween, workingDaysSplit, type PauseDays } from './rules.js';

/** open ends of a period, as dates PostgreSQL compares */
const EARLIEST = '0001-01-01';
const LATEST = '9999-12-31';
/** an instant's day in the hall (China), in SQL */
const CN = (col: string) => `(${col} AT TIME ZONE 'Asia/Shanghai')::date`;

export interface CaseRow {
  case_no: string;
  application_id: string;
  project_code: string;
  project_name: string;
  stage: number;
  applicant_kind: string;
  applicant_name: string;
  applicant_id_masked: string | null;
  window_no: string | null;
  accepted_by: string;
  accepted_at: Date;
  accepted_date: string;
  decided_at: Date | null;
  status: CaseStatus | null;
  handed_over_at: Date | null;
}

export interface ItemRow {
  case_no: string;
  item_code: string;
  item_name: string | null;
  department_code: string;
  department_name: string | null;
  promised_days: number | null;
  due_date: string | null;
  task_id: string | null;
  outcome: Outcome | null;
  decided_at: Date | null;
  decided_by: string | null;
}

export interface PauseRowDb {
  task_id: string;
  case_no: string;
  item_code: string;
  department_code: string;
  kind: TaskPauseKind;
  procedure: string | null;
  started_at: Date;
  ended_at: Date | null;
}

interface TicketRow {
  ticket_no: string;
  day: string;
  category: string | null;
  issued_at: Date | null;
  called_at: Date | null;
  finished_at: Date | null;
  window_no: string | null;
  called_by: string | null;
  application_id: string;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The statistics, read from the read model (never from another service's tables); working days with admin's calendar. */
@Injectable()
export class ReportService {
  private readonly logger = new Logger('StatisticsReport');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendars: CalendarClient,
    private readonly feed: Feed,
  ) {}

  async summary(p: StatisticsPeriodRequest): Promise<StatisticsSummary> {
    checkPeriod(p);
    const calendar = await this.calendar();
    const [volumes, timeliness, pauses, satisfaction, feed] = await Promise.all([
      this.volumes(p),
      this.timeliness(p, calendar),
      this.pauses(p, calendar),
      this.satisfaction(p),
      this.feed.status(),
    ]);
    return { period: { from: p.from ?? null, to: p.to ?? null }, volumes, timeliness, pauses, satisfaction, feed };
  }

  /** Every case accepted in the period, the whole time joined, in acceptance order. */
  async cases(p: StatisticsPeriodRequest): Promise<CaseTimesView[]> {
    checkPeriod(p);
    const cases = (await this.ds.query(`SELECT * FROM case_fact WHERE accepted_date BETWEEN $1 AND $2 ORDER BY accepted_at, case_no`, bounds(p))) as CaseRow[];
    return this.joined(cases);
  }

  async caseTimes(caseNo: string): Promise<CaseTimesView> {
    const cases = (await this.ds.query(`SELECT * FROM case_fact WHERE case_no = $1`, [caseNo])) as CaseRow[];
    if (cases.length === 0) throw AppError.notFound('case');
    const [view] = await this.joined(cases);
    if (!view) throw AppError.notFound('case');
    return view;
  }

  /** The facts of some cases joined: their first ticket, items with pauses, rating. */
  async joined(cases: CaseRow[]): Promise<CaseTimesView[]> {
    if (cases.length === 0) return [];
    const calendar = await this.calendar();
    const nos = cases.map((c) => c.case_no);
    const [items, pauses, tickets, ratings] = (await Promise.all([
      this.ds.query(`SELECT * FROM case_item WHERE case_no = ANY($1) ORDER BY case_no, item_code`, [nos]),
      this.ds.query(`SELECT * FROM pause_fact WHERE case_no = ANY($1) ORDER BY started_at`, [nos]),
      this.ds.query(
        `SELECT DISTINCT ON (application_id) ticket_no, to_char(day, 'YYYY-MM-DD') AS day, category, issued_at, called_at, finished_at, window_no, called_by, application_id
         FROM ticket WHERE application_id = ANY($1) ORDER BY application_id, issued_at NULLS LAST`,
        [cases.map((c) => c.application_id)],
      ),
      ratingsOfCases(this.ds, nos),
    ])) as [ItemRow[], PauseRowDb[], TicketRow[], RatingRow[]];
    return cases.map((c) => {
      const t = tickets.find((x) => x.application_id === c.application_id);
      const decidedDate = c.decided_at ? chinaDate(c.decided_at) : null;
      const casePauses = pauses.filter((x) => x.case_no === c.case_no);
      const ownItems = items.filter((i) => i.case_no === c.case_no).map((i) => this.itemTimes(calendar, c, i, casePauses.filter((x) => x.task_id === i.task_id)));
      const handedDate = c.handed_over_at ? chinaDate(c.handed_over_at) : null;
      return {
        caseNo: c.case_no,
        projectCode: c.project_code,
        projectName: c.project_name,
        stage: c.stage as Stage,
        windowNo: c.window_no,
        acceptedBy: c.accepted_by,
        status: c.status,
        ticket: t
          ? { ticketNo: t.ticket_no, day: t.day, category: t.category ?? '', issuedAt: iso(t.issued_at) ?? '', calledAt: iso(t.called_at), finishedAt: iso(t.finished_at), windowNo: t.window_no, calledBy: t.called_by }
          : null,
        queueWaitSeconds: t ? secondsBetween(t.issued_at, t.called_at) : null,
        windowServiceSeconds: t ? secondsBetween(t.called_at, t.finished_at) : null,
        acceptedAt: new Date(c.accepted_at).toISOString(),
        decidedAt: iso(c.decided_at),
        workingDays: decidedDate ? split(calendar, c.accepted_date, decidedDate, casePauses.map((x) => pauseDays(x.started_at, x.ended_at, decidedDate)).filter(isPause)) : null,
        handedOverAt: iso(c.handed_over_at),
        decisionToHandOver:
          c.decided_at && c.handed_over_at && decidedDate && handedDate
            ? { seconds: secondsBetween(c.decided_at, c.handed_over_at) ?? 0, workingDays: Math.max(0, safe(() => calendar?.countWorkingDays(decidedDate, handedDate)) ?? 0) }
            : null,
        items: ownItems,
        ...caseRatings(ratings, c.case_no),
      };
    });
  }

  private itemTimes(calendar: WorkingCalendar | null, c: CaseRow, i: ItemRow, pauses: PauseRowDb[]): CaseItemTimes {
    const decidedDate = i.decided_at ? chinaDate(i.decided_at) : null;
    return {
      itemCode: i.item_code,
      itemName: i.item_name ?? i.item_code,
      departmentCode: i.department_code,
      departmentName: i.department_name ?? i.department_code,
      promisedDays: i.promised_days ?? 0,
      dueDate: i.due_date,
      outcome: i.outcome,
      decidedAt: iso(i.decided_at),
      decidedBy: i.decided_by,
      onTime: i.decided_at ? onTime(i.decided_at, i.due_date) : null,
      workingDays: decidedDate ? split(calendar, c.accepted_date, decidedDate, pauses.map((x) => pauseDays(x.started_at, x.ended_at, decidedDate)).filter(isPause)) : null,
      pauses: pauses.map((x) => {
        const days = pauseDays(x.started_at, x.ended_at);
        return {
          kind: x.kind,
          procedure: x.procedure,
          from: new Date(x.started_at).toISOString(),
          to: iso(x.ended_at),
          workingDays: x.ended_at ? (days ? (safe(() => calendar && pausedWorkingDays(calendar, days)) ?? null) : 0) : null,
        };
      }),
    };
  }

  private async volumes(p: StatisticsPeriodRequest): Promise<StatisticsSummary['volumes']> {
    const b = bounds(p);
    type Row = { key: string; name: string | null; accepted: number; decided: number; handed_over: number };
    const counts = `count(*) FILTER (WHERE c.accepted_date BETWEEN $1 AND $2)::int AS accepted,
      count(*) FILTER (WHERE ${CN('DECIDED')} BETWEEN $1 AND $2)::int AS decided,
      count(*) FILTER (WHERE ${CN('c.handed_over_at')} BETWEEN $1 AND $2)::int AS handed_over`;
    const [byStage, byItem, byDepartment, byWindow, tickets, days] = (await Promise.all([
      this.ds.query(`SELECT c.stage::text AS key, NULL AS name, ${counts.replace('DECIDED', 'c.decided_at')} FROM case_fact c GROUP BY c.stage ORDER BY c.stage`, b),
      this.ds.query(
        `SELECT i.item_code AS key, max(i.item_name) AS name, ${counts.replace('DECIDED', 'i.decided_at')} FROM case_item i JOIN case_fact c USING (case_no) GROUP BY i.item_code ORDER BY i.item_code`,
        b,
      ),
      this.ds.query(
        `SELECT i.department_code AS key, max(i.department_name) AS name, ${counts.replace('DECIDED', 'i.decided_at')} FROM case_item i JOIN case_fact c USING (case_no) GROUP BY i.department_code ORDER BY i.department_code`,
        b,
      ),
      this.ds.query(`SELECT coalesce(c.window_no, '') AS key, NULL AS name, ${counts.replace('DECIDED', 'c.decided_at')} FROM case_fact c GROUP BY c.window_no`, b),
      this.ds.query(`SELECT window_no AS key, count(*)::int AS n FROM ticket WHERE day BETWEEN $1 AND $2 AND window_no IS NOT NULL GROUP BY window_no`, b),
      this.ds.query(
        `SELECT to_char(d, 'YYYY-MM-DD') AS key, sum(t)::int AS tickets, sum(a)::int AS accepted, sum(de)::int AS decided, sum(h)::int AS handed_over FROM (
           SELECT day AS d, 1 AS t, 0 AS a, 0 AS de, 0 AS h FROM ticket WHERE day BETWEEN $1 AND $2
           UNION ALL SELECT accepted_date, 0, 1, 0, 0 FROM case_fact WHERE accepted_date BETWEEN $1 AND $2
           UNION ALL SELECT ${CN('decided_at')}, 0, 0, 1, 0 FROM case_fact WHERE ${CN('decided_at')} BETWEEN $1 AND $2
           UNION ALL SELECT ${CN('handed_over_at')}, 0, 0, 0, 1 FROM case_fact WHERE ${CN('handed_over_at')} BETWEEN $1 AND $2) x
         GROUP BY d ORDER BY d`,
        b,
      ),
    ])) as [Row[], Row[], Row[], Row[], { key: string; n: number }[], (Row & { tickets: number })[]];
    const row = (r: Row): VolumeRow => ({ key: r.key, ...(r.name ? { name: r.name } : {}), accepted: r.accepted, decided: r.decided, handedOver: r.handed_over });
    const keep = (r: VolumeRow) => r.accepted + r.decided + r.handedOver + (r.tickets ?? 0) > 0;
    const windows = new Map<string, VolumeRow>();
    for (const r of byWindow.filter((x) => x.key !== '')) windows.set(r.key, { ...row(r), tickets: 0 });
    for (const t of tickets) windows.set(t.key, { ...(windows.get(t.key) ?? { key: t.key, accepted: 0, decided: 0, handedOver: 0 }), tickets: t.n });
    return {
      byStage: byStage.map(row).filter(keep),
      byItem: byItem.map(row).filter(keep),
      byDepartment: byDepartment.map(row).filter(keep),
      byWindow: [...windows.values()].filter(keep).sort((a, b) => (a.key < b.key ? -1 : 1)),
      byDay: days.map((d) => ({ key: d.key, tickets: d.tickets, accepted: d.accepted, decided: d.decided, handedOver: d.handed_over })),
    };
  }

  /** Items decided in the period: on time against their (last) due date, working days counted and paused. */
  private async timeliness(p: StatisticsPeriodRequest, calendar: WorkingCalendar | null): Promise<StatisticsSummary['timeliness']> {
    const items = (await this.ds.query(
      `SELECT i.*, c.accepted_date::text AS accepted_date FROM case_item i JOIN case_fact c USING (case_no) WHERE ${CN('i.decided_at')} BETWEEN $1 AND $2`,
      bounds(p),
    )) as (ItemRow & { accepted_date: string })[];
    const taskIds = items.map((i) => i.task_id).filter((x): x is string => !!x);
    const pauses = taskIds.length > 0 ? ((await this.ds.query(`SELECT * FROM pause_fact WHERE task_id = ANY($1)`, [taskIds])) as PauseRowDb[]) : [];
    const facts = items.map((i) => {
      const decided = chinaDate(i.decided_at as Date);
      const wd = split(calendar, i.accepted_date, decided, pauses.filter((x) => x.task_id === i.task_id).map((x) => pauseDays(x.started_at, x.ended_at, decided)).filter(isPause));
      return { i, onTime: onTime(i.decided_at as Date, i.due_date) === true, wd };
    });
    const group = (keyOf: (i: ItemRow) => string, nameOf: (i: ItemRow) => string): TimelinessRow[] => {
      const groups = new Map<string, typeof facts>();
      for (const f of facts) groups.set(keyOf(f.i), [...(groups.get(keyOf(f.i)) ?? []), f]);
      return [...groups.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .flatMap(([key, list]) => {
          const first = list[0];
          if (!first) return [];
          const withDays = list.map((f) => f.wd).filter((x): x is NonNullable<typeof x> => x !== null);
          const onTimeCount = list.filter((f) => f.onTime).length;
          return {
            key,
            name: nameOf(first.i),
            decided: list.length,
            onTime: onTimeCount,
            onTimeRate: rate(onTimeCount, list.length),
            avgCountedWorkingDays: average(withDays.map((w) => w.counted)),
            avgPausedWorkingDays: average(withDays.map((w) => w.paused)),
          };
        });
    };
    return {
      byItem: group((i) => i.item_code, (i) => i.item_name ?? i.item_code),
      byDepartment: group((i) => i.department_code, (i) => i.department_name ?? i.department_code),
    };
  }

  /** Suspensions (by procedure) and correction waits started in the period, with the working days the ended ones took. */
  private async pauses(p: StatisticsPeriodRequest, calendar: WorkingCalendar | null): Promise<PauseRow[]> {
    const rows = (await this.ds.query(`SELECT * FROM pause_fact WHERE ${CN('started_at')} BETWEEN $1 AND $2 ORDER BY kind, procedure NULLS FIRST`, bounds(p))) as PauseRowDb[];
    const groups = new Map<string, PauseRowDb[]>();
    for (const r of rows) groups.set(`${r.kind}|${r.procedure ?? ''}`, [...(groups.get(`${r.kind}|${r.procedure ?? ''}`) ?? []), r]);
    return [...groups.values()].flatMap((list) => {
      const first = list[0];
      if (!first) return [];
      const ended = list.filter((r) => r.ended_at);
      const days = ended.map((r) => {
        const d = pauseDays(r.started_at, r.ended_at);
        return d ? (safe(() => calendar && pausedWorkingDays(calendar, d)) ?? 0) : 0;
      });
      return {
        kind: first.kind,
        procedure: first.procedure,
        count: list.length,
        ended: ended.length,
        workingDays: days.reduce((a, b) => a + b, 0),
        avgWorkingDays: average(days),
      };
    });
  }

  /**
   * Ratings submitted in the period, each attributed as it was rated (一次一评): to the window, staff member, department
   * and item of its service event (受理 and 领证 name no department). A first-version rating (one per case, no service
   * event) counts for the accepting window and clerk and every department and item of its case.
   */
  private async satisfaction(p: StatisticsPeriodRequest): Promise<StatisticsSummary['satisfaction']> {
    const rows = (await this.ds.query(
      `SELECT r.level, r.kind, coalesce(r.window_no, c.window_no) AS window_no, coalesce(r.staff, c.accepted_by) AS staff,
              CASE WHEN r.kind IS NULL THEN (SELECT array_agg(DISTINCT i.department_code) FROM case_item i WHERE i.case_no = r.case_no)
                   WHEN r.department_code IS NULL THEN '{}'::text[] ELSE ARRAY[r.department_code] END AS departments,
              CASE WHEN r.kind IS NULL THEN (SELECT array_agg(DISTINCT i.item_code) FROM case_item i WHERE i.case_no = r.case_no)
                   WHEN r.item_code IS NULL THEN '{}'::text[] ELSE ARRAY[r.item_code] END AS items
       FROM rating_fact r LEFT JOIN case_fact c USING (case_no) WHERE ${CN('r.submitted_at')} BETWEEN $1 AND $2`,
      bounds(p),
    )) as { level: RatingLevel; window_no: string | null; staff: string | null; departments: string[] | null; items: string[] | null }[];
    return {
      byWindow: satisfactionRows(rows.map((r) => ({ key: r.window_no, level: r.level }))),
      byStaff: satisfactionRows(rows.map((r) => ({ key: r.staff, level: r.level }))),
      byDepartment: satisfactionRows(rows.flatMap((r) => (r.departments ?? []).map((d) => ({ key: d, level: r.level })))),
      byItem: satisfactionRows(rows.flatMap((r) => (r.items ?? []).map((i) => ({ key: i, level: r.level })))),
    };
  }

  /** Admin's calendar; without it (admin away, no copy yet) the working days are left out (null), the rest answers. */
  private async calendar(): Promise<WorkingCalendar | null> {
    try {
      return await this.calendars.calendar();
    } catch (err) {
      this.logger.warn(`no calendar: working days left out (${(err as Error).message})`);
      return null;
    }
  }
}

function bounds(p: StatisticsPeriodRequest): [string, string] {
  return [p.from ?? EARLIEST, p.to ?? LATEST];
}

function checkPeriod(p: StatisticsPeriodRequest): void {
  if (p.from && p.to && p.from > p.to) throw new AppError('VALIDATION_FAILED', 'from is after to', [{ field: 'from', problem: 'must not be after to' }]);
}

function isPause(p: PauseDays | null): p is PauseDays {
  return p !== null;
}

/** A calendar computation, or null when the calendar cannot answer (no calendar, a day out of its range). */
function safe<T>(fn: () => T | null): T | null {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CalendarRangeError || err instanceof RangeError) return null;
    throw err;
  }
}

function split(calendar: WorkingCalendar | null, acceptedDate: string, decidedDate: string, pauses: PauseDays[]) {
  return calendar ? safe(() => workingDaysSplit(calendar, acceptedDate, decidedDate, pauses)) : null;
}
