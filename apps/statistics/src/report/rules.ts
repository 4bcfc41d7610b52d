/**
 * The pure rules of the statistics: dates in China, working days split into counted and paused, on time,
 * satisfaction scores, rates and averages. No I/O; the calendar is given (admin's, through CalendarClient).
 */
import type { SatisfactionRow, WorkingDaysSplit } from '@yichuang/contracts';
import { addDays, chinaToday, RATING_LEVELS, type IsoDate, type RatingLevel, type WorkingCalendar } from '@yichuang/domain';

/** The day (China time) of an instant. */
export function chinaDate(instant: string | Date): IsoDate {
  return chinaToday(instant instanceof Date ? instant : new Date(instant));
}

/** A stop of the clock as calendar days, both inclusive (as review counts it: from the day of the suspension through the day before the resumption). */
export interface PauseDays {
  from: IsoDate;
  to: IsoDate;
}

/**
 * The days a suspension or correction wait covered: `from` = the day it started, `to` = the day before it ended; one
 * still open runs through `openUntil` (e.g. the decision date) when given. Null when it covers no day (ended the day
 * it started) or is open without `openUntil`.
 */
export function pauseDays(startedAt: string | Date, endedAt: string | Date | null, openUntil?: IsoDate): PauseDays | null {
  const from = chinaDate(startedAt);
  const to = endedAt ? addDays(chinaDate(endedAt), -1) : openUntil;
  if (!to || to < from) return null;
  return { from, to };
}

/** Working days inside one pause (both ends inclusive). */
export function pausedWorkingDays(calendar: WorkingCalendar, p: PauseDays): number {
  return calendar.countWorkingDays(addDays(p.from, -1), p.to);
}

/**
 * Working days from acceptance to decision: `total` working days in (acceptedDate, decidedDate]; `paused` those of
 * them inside any pause (overlapping pauses count a day once); `counted` = total − paused — what the time limit used.
 */
export function workingDaysSplit(calendar: WorkingCalendar, acceptedDate: IsoDate, decidedDate: IsoDate, pauses: readonly PauseDays[]): WorkingDaysSplit {
  const total = Math.max(0, calendar.countWorkingDays(acceptedDate, decidedDate));
  let paused = 0;
  if (pauses.length > 0) {
    for (let d = addDays(acceptedDate, 1); d <= decidedDate; d = addDays(d, 1)) {
      if (pauses.some((p) => p.from <= d && d <= p.to) && calendar.isWorkingDay(d)) paused++;
    }
  }
  return { total, counted: total - paused, paused };
}

/** Decided on or before the due date (China day of the decision). */
export function onTime(decidedAt: string | Date, dueDate: IsoDate | null): boolean | null {
  if (!dueDate) return null;
  return chinaDate(decidedAt) <= dueDate;
}

/** 非常满意 5, 满意 4, 基本满意 3, 不满意 2, 非常不满意 1 (the national five-level rating). */
export const RATING_SCORE: Readonly<Record<RatingLevel, number>> = Object.freeze({ very_satisfied: 5, satisfied: 4, basic: 3, dissatisfied: 2, very_dissatisfied: 1 });
const SATISFIED: readonly RatingLevel[] = ['very_satisfied', 'satisfied', 'basic'];

/** n / d rounded to 4 places; null when d is 0. */
export function rate(n: number, d: number): number | null {
  return d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null;
}

/** The mean rounded to 2 places; null for no values. */
export function average(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
}

/** Ratings grouped by a key (window, staff, department), each group's counts per level, mean score and satisfied rate, sorted by key. */
export function satisfactionRows(ratings: readonly { key: string | null; level: RatingLevel }[]): SatisfactionRow[] {
  const groups = new Map<string, RatingLevel[]>();
  for (const r of ratings) {
    const key = r.key ?? '';
    groups.set(key, [...(groups.get(key) ?? []), r.level]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, levels]) => ({
      key,
      ratings: levels.length,
      levels: Object.fromEntries(RATING_LEVELS.map((l) => [l, levels.filter((x) => x === l).length])) as Record<RatingLevel, number>,
      avgScore: average(levels.map((l) => RATING_SCORE[l])),
      satisfiedRate: rate(levels.filter((l) => SATISFIED.includes(l)).length, levels.length),
      bad: levels.filter((l) => l === 'dissatisfied' || l === 'very_dissatisfied').length,
    }));
}

/** Seconds between two instants, or null when either is missing (or the second is earlier). */
export function secondsBetween(from: string | Date | null | undefined, to: string | Date | null | undefined): number | null {
  if (!from || !to) return null;
  const s = Math.round((new Date(to).getTime() - new Date(from).getTime()) / 1000);
  return s >= 0 ? s : null;
}

/** Whether a day lies in the period (both ends inclusive, either may be open). */
export function inPeriod(day: IsoDate | null, period: { from?: string; to?: string }): boolean {
  if (!day) return false;
  return (!period.from || day >= period.from) && (!period.to || day <= period.to);
}
