import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type CalendarChangeView,
  type CalendarOverview,
  type CalendarSnapshot,
  type DeadlinePause,
  type LoadCalendarYearRequest,
  type SetCalendarDayRequest,
} from '@yichuang/contracts';
import { Clock, Outbox, requireActor } from '@yichuang/platform';
import { CalendarRangeError, WorkingCalendar } from '@yichuang/domain';
import { CalendarDay, CalendarVersion, CalendarYear } from './calendar.entities.js';

/** Warn the administrator this many calendar days before the loaded data runs out. */
const WARN_DAYS_AHEAD = 90;

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

  async addWorkingDays(from: string, days: number): Promise<{ from: string; days: number; date: string }> {
    const { calendar } = await this.load();
    return { from, days, date: this.guard(() => calendar.addWorkingDays(from, days)) };
  }

  async deadline(startDate: string, workingDays: number, pauses: DeadlinePause[]) {
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
    const today = this.clock.today();
    return { ...snapshot, lastLoadedDate: calendar.lastLoadedDate(), warning: calendar.coverageWarning(today, WARN_DAYS_AHEAD) };
  }

  /** One day becomes a holiday, a make-up working day, or normal again: a new calendar version. */
  async setDay(req: SetCalendarDayRequest): Promise<CalendarChangeView> {
    const actor = requireActor('admin');
    const year = Number(req.date.slice(0, 4));
    return this.change(actor.username, req.note, async (tx) => {
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

  /** Load a whole year (e.g. when the State Council publishes next year's holidays). */
  async loadYear(req: LoadCalendarYearRequest): Promise<CalendarChangeView> {
    const actor = requireActor('admin');
    const outside = [...req.holidays, ...req.makeUpWorkdays].filter((d) => !d.date.startsWith(`${req.year}-`));
    if (outside.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'days outside the year', outside.map((d) => ({ field: 'date', problem: `${d.date} is not in ${req.year}` })));
    }
    return this.change(actor.username, req.note, async (tx) => {
      await tx.query(`INSERT INTO calendar_year (year, source, loaded_at) VALUES ($1, 'administrator', $2) ON CONFLICT (year) DO UPDATE SET source = 'administrator', loaded_at = $2`, [req.year, this.clock.now()]);
      const old = await tx.query(`SELECT date::text AS date, kind, name FROM calendar_day WHERE date BETWEEN $1 AND $2`, [`${req.year}-01-01`, `${req.year}-12-31`]) as { date: string; kind: string; name: string }[];
      await tx.query(`DELETE FROM calendar_day WHERE date BETWEEN $1 AND $2`, [`${req.year}-01-01`, `${req.year}-12-31`]);
      const next = [...req.holidays.map((d) => ({ ...d, kind: 'holiday' as const })), ...req.makeUpWorkdays.map((d) => ({ ...d, kind: 'makeup_workday' as const }))];
      if (next.length > 0) await tx.insert(CalendarDay, next);
      const dates = new Set([...old.map((d) => d.date), ...next.map((d) => d.date)]);
      return [...dates].sort().flatMap((date) => {
        const b = old.find((d) => d.date === date);
        const a = next.find((d) => d.date === date);
        const before = b ? `${b.kind}:${b.name}` : 'normal';
        const after = a ? `${a.kind}:${a.name}` : 'normal';
        return before === after ? [] : [{ date, before, after }];
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
  private async change(by: string, note: string, apply: (tx: EntityManager) => Promise<{ date: string; before: string; after: string }[]>): Promise<CalendarChangeView> {
    const view = await this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('yichuang:admin:calendar'))`);
      const changes = await apply(tx);
      const [{ v }] = (await tx.query(`SELECT coalesce(max(version), 0) + 1 AS v FROM calendar_version`)) as [{ v: number }];
      const at = this.clock.now();
      await tx.insert(CalendarVersion, { version: v, note, createdBy: by, createdAt: at });
      for (const c of changes) await tx.query(`INSERT INTO calendar_change (version, date, before, after) VALUES ($1, $2, $3, $4)`, [v, c.date, c.before, c.after]);
      await this.outbox.add(tx, Events.calendarChanged, { version: v, dates: changes.map((c) => c.date), changedAt: at.toISOString() });
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
