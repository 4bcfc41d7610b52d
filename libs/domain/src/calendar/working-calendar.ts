/**
 * The working-day clock (工作日).
 *
 * Time limits in the Administrative Licensing Law count working days (Art. 82): statutory holidays
 * are excluded, make-up working days (调休上班) count, and special procedures such as expert review
 * or a request for corrections stop the clock (Art. 45). The holiday schedule is published every
 * year by the State Council, so it is data owned by the administrator, never code. A computation
 * that needs a day of a year that is not loaded is refused with {@link CalendarRangeError} instead
 * of silently guessing "Monday to Friday".
 */
import {
  dayOfWeekOfDayNumber,
  formatDate,
  isIsoDate,
  parseDate,
  yearOfDayNumber,
  type IsoDate,
} from './dates.js';

/** One named day of the holiday schedule, e.g. `{ date: '2025-10-01', name: '国庆节' }`. */
export interface CalendarEntry {
  date: IsoDate;
  name: string;
}

/**
 * The holiday schedule the administrator loads.
 * - `years`: the years whose schedule is complete; only days of these years can be computed.
 * - `holidays`: statutory holidays (including those falling on a weekend).
 * - `makeUpWorkdays`: weekend days that are working days (调休上班).
 *
 * A day is a working day if it is a make-up working day; otherwise not if it is a holiday;
 * otherwise not if it is a Saturday or Sunday; otherwise it is.
 */
export interface CalendarData {
  years: number[];
  holidays: CalendarEntry[];
  makeUpWorkdays: CalendarEntry[];
}

/** What a day is: an ordinary working day, a weekend day, a holiday, or a make-up working day. */
export type DayKind = 'working' | 'rest_day' | 'holiday' | 'makeup_workday';

/**
 * Why the clock stops: a special procedure not counted in the limit (Art. 45: hearing, testing,
 * expert review, public notice, site inspection…), a request for corrections (补正), or another
 * lawful reason.
 */
export type PauseKind = 'special_procedure' | 'correction' | 'other';

/** A stop of the clock covering the calendar days `from`..`to`, both inclusive. */
export interface Pause {
  from: IsoDate;
  to: IsoDate;
  kind: PauseKind;
}

/** Why a day of the ledger counted or not. */
export type LedgerReason = 'counted' | 'rest_day' | 'holiday' | 'paused';

export interface LedgerDay {
  date: IsoDate;
  counted: boolean;
  reason: LedgerReason;
}

export interface Deadline {
  /** The day on which the last working day of the limit is used up. */
  dueDate: IsoDate;
  /** Every calendar day from the day after the start date through `dueDate`, in order. */
  days: LedgerDay[];
}

/** Thrown when a computation needs a day of a year whose holiday schedule is not loaded. */
export class CalendarRangeError extends Error {
  override readonly name = 'CalendarRangeError';
  readonly year: number;

  constructor(year: number) {
    super(`the working-day calendar has no data for ${year}; the administrator must load it`);
    this.year = year;
  }
}

// Day kinds stored in the lookup table; 0 = the year is not loaded.
const NOT_LOADED = 0;
const WORKING = 1;
const REST_DAY = 2;
const HOLIDAY = 3;
const MAKEUP = 4;
type KindCode = typeof WORKING | typeof REST_DAY | typeof HOLIDAY | typeof MAKEUP;

const KIND_NAMES: Record<KindCode, DayKind> = {
  [WORKING]: 'working',
  [REST_DAY]: 'rest_day',
  [HOLIDAY]: 'holiday',
  [MAKEUP]: 'makeup_workday',
};

interface DayInterval {
  from: number;
  to: number;
}

/**
 * A working-day calendar built from {@link CalendarData}. Immutable; construction builds one
 * byte per day of the loaded years, so every question afterwards is an array lookup.
 *
 * All dates are `YYYY-MM-DD` strings; an invalid date throws `RangeError`.
 */
export class WorkingCalendar {
  /** The loaded years, ascending, without duplicates. */
  readonly loadedYears: readonly number[];

  private readonly loaded: ReadonlySet<number>;
  /** Day number of January 1 of the first loaded year. */
  private readonly base: number;
  /** Day kind per day from `base`; NOT_LOADED for days of years in a gap between loaded years. */
  private readonly kinds: Uint8Array;

  /**
   * @throws RangeError when a year is not an integer in 1–9999, when a date is invalid, or when a
   * holiday or make-up working day lies outside the loaded years (a sign that `years` is wrong).
   */
  constructor(data: CalendarData) {
    for (const year of data.years) {
      if (!Number.isInteger(year) || year < 1 || year > 9999) {
        throw new RangeError(`calendar year must be an integer from 1 to 9999, got ${year}`);
      }
    }
    const years = [...new Set(data.years)].sort((a, b) => a - b);
    this.loadedYears = Object.freeze(years);
    this.loaded = new Set(years);

    if (years.length === 0) {
      this.base = 0;
      this.kinds = new Uint8Array(0);
      return;
    }
    const first = years[0] as number;
    const last = years[years.length - 1] as number;
    this.base = parseDate(`${String(first).padStart(4, '0')}-01-01`);
    const end = parseDate(`${String(last).padStart(4, '0')}-12-31`);
    this.kinds = new Uint8Array(end - this.base + 1);

    for (const year of years) {
      const from = parseDate(`${String(year).padStart(4, '0')}-01-01`);
      const to = parseDate(`${String(year).padStart(4, '0')}-12-31`);
      for (let day = from; day <= to; day++) {
        const dow = dayOfWeekOfDayNumber(day);
        this.kinds[day - this.base] = dow === 0 || dow === 6 ? REST_DAY : WORKING;
      }
    }
    // Holidays first, then make-up days, so that a make-up day wins (the documented precedence).
    this.mark(data.holidays, HOLIDAY, 'holiday');
    this.mark(data.makeUpWorkdays, MAKEUP, 'make-up working day');
  }

  /** True for ordinary working days and make-up working days. @throws CalendarRangeError */
  isWorkingDay(date: IsoDate): boolean {
    const kind = this.kindAt(parseDate(date));
    return kind === WORKING || kind === MAKEUP;
  }

  /**
   * What the day is. A holiday falling on a weekend is `'holiday'`; a make-up working day is
   * `'makeup_workday'` even if it is also listed as a holiday. @throws CalendarRangeError
   */
  dayKind(date: IsoDate): DayKind {
    return KIND_NAMES[this.kindAt(parseDate(date))];
  }

  /**
   * The date of the n-th working day after `from`: counting starts the day after `from`, so
   * `addWorkingDays(friday, 1)` is the next working day, and `n = 0` returns `from` itself
   * (without needing any calendar data).
   * @throws RangeError when n is not a non-negative integer; CalendarRangeError past the loaded years.
   */
  addWorkingDays(from: IsoDate, n: number): IsoDate {
    assertDayCount(n, 'n');
    let day = parseDate(from);
    let count = 0;
    while (count < n) {
      day++;
      const kind = this.kindAt(day);
      if (kind === WORKING || kind === MAKEUP) count++;
    }
    return formatDate(day);
  }

  /**
   * The number of working days in the calendar-day range (fromExclusive, toInclusive].
   * Equal dates give 0; when `toInclusive` is earlier than `fromExclusive` the result is the
   * negative of the reversed range, so `count(a, b) === -count(b, a)` always holds.
   * Consistent with {@link addWorkingDays}: `count(x, addWorkingDays(x, n)) === n`.
   * @throws CalendarRangeError when a day of the range is not loaded.
   */
  countWorkingDays(fromExclusive: IsoDate, toInclusive: IsoDate): number {
    const a = parseDate(fromExclusive);
    const b = parseDate(toInclusive);
    return b >= a ? this.countBetween(a, b) : 0 - this.countBetween(b, a); // never -0
  }

  /**
   * The due date of a time limit of `workingDays` working days that starts on `startDate`
   * (e.g. the acceptance date), with the clock stopped during `pauses`.
   *
   * - The clock starts counting on the day after `startDate`.
   * - Each pause covers the calendar days `from`..`to`, both inclusive; working days inside a
   *   pause do not count. Pauses may overlap, touch, start or end on non-working days, and lie
   *   partly or wholly before the start (those days are simply not in the ledger). The kind of a
   *   pause does not change the arithmetic.
   * - The due date is the day the last working day is counted; `workingDays = 0` gives the start
   *   date itself and an empty ledger.
   * - The ledger `days` lists every calendar day from the day after `startDate` through the due
   *   date with the most specific reason: a weekend day or holiday is `'rest_day'` / `'holiday'`
   *   even inside a pause; a working day inside a pause is `'paused'`; otherwise `'counted'`.
   *
   * @throws RangeError on an invalid date, a pause ending before it starts, or a negative or
   * fractional `workingDays`; CalendarRangeError when the count runs into a year not loaded.
   */
  deadline(startDate: IsoDate, workingDays: number, pauses: readonly Pause[] = []): Deadline {
    const { due, ledger } = this.computeDeadline(parseDate(startDate), workingDays, pauses);
    return {
      dueDate: formatDate(due),
      days: ledger.map((entry) => ({ date: formatDate(entry.day), counted: entry.reason === 'counted', reason: entry.reason })),
    };
  }

  /**
   * Working days left on `today` for the limit described as in {@link deadline}:
   *
   * - on or before the due date: the number of *counted* working days in (today, dueDate], i.e.
   *   ledger days after today that count. It is `workingDays` while today ≤ startDate, 0 on the
   *   due date itself, and working days inside a pause after today are not included;
   * - after the due date (overdue): negative, `−max(1, working days in (dueDate, today])`, pauses
   *   ignored. The `max(1, …)` makes the day after the due date overdue even when it is a weekend
   *   or a holiday (due Friday → −1 on Saturday, Sunday and Monday, −2 on Tuesday).
   *
   * @throws like {@link deadline}, and CalendarRangeError when `today` is past the loaded years.
   */
  remainingWorkingDays(startDate: IsoDate, workingDays: number, pauses: readonly Pause[], today: IsoDate): number {
    const t = parseDate(today);
    const { due, ledger } = this.computeDeadline(parseDate(startDate), workingDays, pauses);
    if (t <= due) {
      let remaining = 0;
      for (const entry of ledger) {
        if (entry.day > t && entry.reason === 'counted') remaining++;
      }
      return remaining;
    }
    return -Math.max(1, this.countBetween(due, t));
  }

  /** December 31 of the last loaded year, or null when no year is loaded. */
  lastLoadedDate(): IsoDate | null {
    const last = this.loadedYears[this.loadedYears.length - 1];
    return last === undefined ? null : `${String(last).padStart(4, '0')}-12-31`;
  }

  /**
   * A warning for the administrator when fewer than `minDaysAhead` calendar days of loaded data
   * remain after `today` (counting only the unbroken run of loaded years that contains today),
   * or when today's own year is not loaded; null when coverage is sufficient.
   */
  coverageWarning(today: IsoDate, minDaysAhead: number): string | null {
    const t = parseDate(today);
    const year = yearOfDayNumber(t);
    if (!this.loaded.has(year)) {
      return `the working-day calendar has no data for ${year} (today, ${today}); the administrator must load it before any time limit can be computed`;
    }
    let lastYear = year;
    while (this.loaded.has(lastYear + 1)) lastYear++;
    const end = parseDate(`${String(lastYear).padStart(4, '0')}-12-31`);
    const ahead = end - t;
    if (ahead < minDaysAhead) {
      return (
        `the working-day calendar is loaded only through ${formatDate(end)}, ${ahead} days after ${today}; ` +
        `the administrator must load ${lastYear + 1} before time limits reach it`
      );
    }
    return null;
  }

  private mark(entries: readonly CalendarEntry[], code: KindCode, label: string): void {
    for (const entry of entries) {
      if (!isIsoDate(entry.date)) {
        throw new RangeError(`${label} ${JSON.stringify(entry.date)} (${entry.name}) is not a date in YYYY-MM-DD form`);
      }
      const day = parseDate(entry.date);
      const index = day - this.base;
      if (index < 0 || index >= this.kinds.length || this.kinds[index] === NOT_LOADED) {
        throw new RangeError(
          `${label} ${entry.date} (${entry.name}) is outside the loaded years ${this.loadedYears.join(', ') || '(none)'}`,
        );
      }
      this.kinds[index] = code;
    }
  }

  private kindAt(day: number): KindCode {
    const index = day - this.base;
    const code = index >= 0 && index < this.kinds.length ? this.kinds[index] : NOT_LOADED;
    if (code === undefined || code === NOT_LOADED) throw new CalendarRangeError(yearOfDayNumber(day));
    return code as KindCode;
  }

  /** Working days in (a, b] for day numbers a ≤ b. */
  private countBetween(a: number, b: number): number {
    let count = 0;
    for (let day = a + 1; day <= b; day++) {
      const kind = this.kindAt(day);
      if (kind === WORKING || kind === MAKEUP) count++;
    }
    return count;
  }

  private computeDeadline(
    start: number,
    workingDays: number,
    pauses: readonly Pause[],
  ): { due: number; ledger: { day: number; reason: LedgerReason }[] } {
    assertDayCount(workingDays, 'workingDays');
    const intervals = mergePauses(pauses);
    const ledger: { day: number; reason: LedgerReason }[] = [];
    let day = start;
    let count = 0;
    let p = 0; // first interval that may still cover `day` or a later day
    while (count < workingDays) {
      day++;
      const kind = this.kindAt(day);
      while (p < intervals.length && (intervals[p] as DayInterval).to < day) p++;
      const interval = intervals[p];
      const paused = interval !== undefined && interval.from <= day;
      let reason: LedgerReason;
      if (kind === REST_DAY) reason = 'rest_day';
      else if (kind === HOLIDAY) reason = 'holiday';
      else if (paused) reason = 'paused';
      else {
        reason = 'counted';
        count++;
      }
      ledger.push({ day, reason });
    }
    return { due: day, ledger };
  }
}

function assertDayCount(n: number, label: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${label} must be a non-negative integer, got ${n}`);
  }
}

/** Pauses as sorted, disjoint, non-touching day-number intervals. */
function mergePauses(pauses: readonly Pause[]): DayInterval[] {
  const intervals = pauses.map((pause) => {
    const from = parseDate(pause.from);
    const to = parseDate(pause.to);
    if (to < from) throw new RangeError(`pause ${pause.from}..${pause.to} ends before it starts`);
    return { from, to };
  });
  intervals.sort((a, b) => a.from - b.from);
  const merged: DayInterval[] = [];
  for (const interval of intervals) {
    const last = merged[merged.length - 1];
    if (last !== undefined && interval.from <= last.to + 1) {
      last.to = Math.max(last.to, interval.to);
    } else {
      merged.push({ ...interval });
    }
  }
  return merged;
}
