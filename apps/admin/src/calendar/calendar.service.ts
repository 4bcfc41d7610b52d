import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, type CalendarSnapshot, type DeadlinePause } from '@yichuang/contracts';
import { CalendarRangeError, WorkingCalendar } from '@yichuang/domain';
import { CalendarDay, CalendarVersion, CalendarYear } from './calendar.entities.js';

/** The administrator-owned working-day calendar (工作日历) and the public deadline arithmetic on it. */
@Injectable()
export class CalendarService {
  private cache?: { snapshot: CalendarSnapshot; calendar: WorkingCalendar };

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

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
