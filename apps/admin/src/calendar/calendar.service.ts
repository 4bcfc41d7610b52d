import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type AddWorkingDaysReply,
  type CalendarChangeView,
  type CalendarOverview,
  type CalendarSnapshot,
  type DeadlinePause,
  type DeadlineReply,
  type ErrorDetail,
  type LoadCalendarYearRequest,
  type SetCalendarDayRequest,
} from '@yichuang/contracts';
import { Clock, Outbox, requireActor } from '@yichuang/platform';
import { CalendarRangeError, dayOfWeek, HOLIDAY_LAW_FROM_YEAR, statutoryHolidays, WorkingCalendar } from '@yichuang/domain';
import { CalendarDay, CalendarVersion, CalendarYear } from './calendar.entities.js';

/** The administrator-owned working-day calendar (工作日历) and the public deadline arithmetic on it. */
@Injectable()
export class CalendarService {
  private cache?: { snapshot: CalendarSnapshot; calendar: WorkingCalendar };

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  async snapshot(): Promise<CalendarSnapshot> {
    return (await this.load()).snapshot;
  }

  async addWorkingDays(from: string, days: number): Promise<AddWorkingDaysReply> {
    const { calendar } = await this.load();
    return { from, days, ...this.guard(() => calendar.workingDaysAfter(from, days)) };
  }

  async deadline(startDate: string, workingDays: number, pauses: DeadlinePause[]): Promise<DeadlineReply> {
    const { calendar } = await this.load();
    for (const [i, p] of pauses.entries()) {
      if (p.to < p.from) {
        throw new AppError('VALIDATION_FAILED', 'a pause ends before it starts', [{ field: `pauses[${i}].to`, problem: 'must not be before from' }]);
      }
    }
    return this.guard(() => calendar.deadline(startDate, workingDays, pauses));
  }

  async overview(): Promise<CalendarOverview> {
    const { snapshot, calendar } = await this.load();
    return {
      ...snapshot,
      lastLoadedDate: calendar.lastLoadedDate(),
      provisionalYears: [...calendar.provisionalYears],
      provisionalHolidays: calendar.provisionalHolidays().map((h) => ({ date: h.date, name: h.name })),
      warning: calendar.coverageWarning(this.clock.today()),
    };
  }

  /** One day becomes a holiday, a make-up working day, or normal again: a new calendar version. */
  async setDay(req: SetCalendarDayRequest): Promise<CalendarChangeView> {
    const actor = requireActor('admin');
    const year = Number(req.date.slice(0, 4));
    return this.change(actor.username, req.note, [], async (tx) => {
      if (!(await tx.existsBy(CalendarYear, { year }))) {
        throw new AppError('CALENDAR_OUT_OF_RANGE', `the calendar has no data for ${year}: load the year first`);
      }
      const before = await tx.findOneBy(CalendarDay, { date: req.date });
      const after = req.kind === 'normal' ? 'normal' : `${req.kind}:${req.name ?? before?.name ?? ''}`;
      await tx.delete(CalendarDay, { date: req.date });
      if (req.kind !== 'normal') await tx.insert(CalendarDay, { date: req.date, kind: req.kind, name: req.name ?? before?.name ?? '' });
      return [{ date: req.date, before: before ? `${before.kind}:${before.name}` : 'normal', after }];
    });
  }

  /**
   * Load a year's official arrangement (when the State Council publishes it, usually in the autumn before).
   * A year is loaded once (409; single days are corrected with setDay). From 2025 on, the arrangement must keep
   * every statutory holiday of the holiday law and make up work only on weekend days (422, every problem listed).
   * The change lists each day whose kind moved against the calendar in force before — for a provisional year,
   * against the law's days — and `calendar.changed` names the year, so every running deadline is recomputed.
   */
  async loadYear(req: LoadCalendarYearRequest): Promise<CalendarChangeView> {
    const actor = requireActor('admin');
    const outside = [...req.holidays, ...req.makeUpWorkdays].filter((d) => !d.date.startsWith(`${req.year}-`));
    if (outside.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'days outside the year', outside.map((d) => ({ field: 'date', problem: `${d.date} is not in ${req.year}` })));
    }
    const problems = contradictions(req);
    if (problems.length > 0) {
      throw new AppError('UNPROCESSABLE', `the arrangement for ${req.year} contradicts the holiday law`, problems);
    }
    const { calendar: before } = await this.load();
    return this.change(actor.username, req.note, [req.year], async (tx) => {
      const loaded = await tx.query(`INSERT INTO calendar_year (year, source, loaded_at) VALUES ($1, 'administrator', $2) ON CONFLICT (year) DO NOTHING RETURNING year`, [
        req.year,
        this.clock.now(),
      ]);
      if ((loaded as unknown[]).length === 0) {
        throw new AppError('CONFLICT', `the arrangement for ${req.year} is already loaded: correct single days instead`, [
          { field: 'year', problem: `${req.year} is loaded; use PUT /api/v1/admin/calendar/days/{date} to change a day` },
        ]);
      }
      const next = [...req.holidays.map((d) => ({ ...d, kind: 'holiday' as const })), ...req.makeUpWorkdays.map((d) => ({ ...d, kind: 'makeup_workday' as const }))];
      if (next.length > 0) await tx.insert(CalendarDay, next);
      // the days that may differ: those the calendar in force treated specially (the law's days of a provisional year), and the new ones
      const dates = new Set([...before.provisionalHolidays().filter((h) => h.date.startsWith(`${req.year}-`)).map((h) => h.date), ...next.map((d) => d.date)]);
      return [...dates].sort().flatMap((date) => {
        const a = next.find((d) => d.date === date);
        const was = describeDay(before, date);
        const now = a ? `${a.kind}:${a.name}` : 'normal';
        return was === now ? [] : [{ date, before: was, after: now }];
      });
    });
  }

  async changes(): Promise<CalendarChangeView[]> {
    const versions = await this.ds.getRepository(CalendarVersion).find({ order: { version: 'DESC' }, take: 100 });
    const rows = (await this.ds.query(`SELECT version, date::text AS date, before, after FROM calendar_change WHERE version = ANY($1) ORDER BY date`, [versions.map((v) => v.version)])) as {
      version: number;
      date: string;
      before: string;
      after: string;
    }[];
    return versions.map((v) => ({
      version: v.version,
      note: v.note,
      createdBy: v.createdBy,
      createdAt: v.createdAt.toISOString(),
      changes: rows.filter((r) => r.version === v.version).map((r) => ({ date: r.date, before: r.before, after: r.after })),
    }));
  }

  /** Apply a change as a new version with its audit rows and a calendar.changed event, in one transaction. */
  private async change(
    by: string,
    note: string,
    years: number[],
    apply: (tx: EntityManager) => Promise<{ date: string; before: string; after: string }[]>,
  ): Promise<CalendarChangeView> {
    const view = await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('yichuang:admin:calendar'))`);
      const changes = await apply(tx);
      const [{ v }] = (await tx.query(`SELECT coalesce(max(version), 0) + 1 AS v FROM calendar_version`)) as [{ v: number }];
      const at = this.clock.now();
      await tx.insert(CalendarVersion, { version: v, note, createdBy: by, createdAt: at });
      for (const c of changes) await tx.query(`INSERT INTO calendar_change (version, date, before, after) VALUES ($1, $2, $3, $4)`, [v, c.date, c.before, c.after]);
      await this.outbox.add(tx, Events.calendarChanged, {
        version: v,
        dates: changes.map((c) => c.date),
        changedAt: at.toISOString(),
        ...(years.length > 0 ? { years } : {}),
      });
      return { version: v, note, createdBy: by, createdAt: at.toISOString(), changes };
    });
    this.invalidate();
    return view;
  }

  /** Forget the cached calendar (after an administrator's change). */
  invalidate(): void {
    this.cache = undefined;
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof CalendarRangeError) throw new AppError('CALENDAR_OUT_OF_RANGE', err.message);
      if (err instanceof Error && /invalid date|not a real date|YYYY-MM-DD/i.test(err.message)) {
        throw new AppError('VALIDATION_FAILED', err.message, [{ problem: err.message }]);
      }
      throw err;
    }
  }

  private async load() {
    if (this.cache) return this.cache;
    const years = (await this.ds.getRepository(CalendarYear).find({ order: { year: 'ASC' } })).map((y) => y.year);
    const days = await this.ds.getRepository(CalendarDay).find({ order: { date: 'ASC' } });
    const versions = await this.ds.getRepository(CalendarVersion).find({ order: { version: 'DESC' }, take: 1 });
    const snapshot: CalendarSnapshot = {
      version: versions[0]?.version ?? 0,
      years,
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => ({ date: d.date, name: d.name })),
      makeUpWorkdays: days.filter((d) => d.kind === 'makeup_workday').map((d) => ({ date: d.date, name: d.name })),
    };
    this.cache = { snapshot, calendar: new WorkingCalendar(snapshot) };
    return this.cache;
  }
}

/** How the audit trail writes a day: `normal`, `holiday:<name>` or `makeup_workday:<name>` (a provisional holiday as the law names it). */
function describeDay(calendar: WorkingCalendar, date: string): string {
  let kind: string;
  try {
    kind = calendar.dayKind(date);
  } catch (err) {
    if (err instanceof CalendarRangeError) return 'normal';
    throw err;
  }
  if (kind !== 'holiday') return 'normal';
  return `holiday:${calendar.provisionalHolidays().find((h) => h.date === date)?.name ?? ''}`;
}

/**
 * What an arrangement may not do (《全国年节及纪念日放假办法》 as revised in 2024, for the years it governs):
 * drop a statutory holiday or make it a working day, make up work on a weekday (a weekday is worked anyway),
 * or list a day twice.
 */
function contradictions(req: LoadCalendarYearRequest): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const holidays = new Set(req.holidays.map((d) => d.date));
  const makeUp = new Set(req.makeUpWorkdays.map((d) => d.date));
  if (req.year >= HOLIDAY_LAW_FROM_YEAR) {
    for (const day of statutoryHolidays(req.year)) {
      if (!holidays.has(day.date) || makeUp.has(day.date)) {
        problems.push({ field: 'holidays', problem: `${day.date} is a statutory holiday (${day.name}) by the holiday law and must be a day off`, date: day.date });
      }
    }
  }
  for (const [i, d] of req.makeUpWorkdays.entries()) {
    const dow = dayOfWeek(d.date);
    if (dow !== 0 && dow !== 6) {
      problems.push({ field: `makeUpWorkdays[${i}].date`, problem: `${d.date} is a weekday: only a Saturday or Sunday can be a make-up working day`, date: d.date });
    }
    if (holidays.has(d.date)) problems.push({ field: `makeUpWorkdays[${i}].date`, problem: `${d.date} is listed both as a holiday and as a make-up working day`, date: d.date });
  }
  for (const [list, entries] of [['holidays', req.holidays], ['makeUpWorkdays', req.makeUpWorkdays]] as const) {
    const seen = new Set<string>();
    for (const [i, d] of entries.entries()) {
      if (seen.has(d.date)) problems.push({ field: `${list}[${i}].date`, problem: `${d.date} is listed twice`, date: d.date });
      seen.add(d.date);
    }
  }
  return problems;
}
