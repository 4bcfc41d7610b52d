/**
 * The working-day clock (工作日).
 *
 * Time limits in the Administrative Licensing Law count working days (Art. 82): statutory holidays
 * are excluded, make-up working days (调休上班) count, and special procedures such as expert review
 * or a request for corrections stop the clock (Art. 45). The holiday arrangement is published every
 * year by the State Council, so it is data owned by the administrator, never code.
 *
 * The hall never stops working for want of it: a year after the last announced one is *provisional* — its
 * weekends and the statutory holidays the holiday law fixes in advance (see statutory-holidays.ts), without
 * the arrangement's make-up working days (调休) and bridge days, which nobody knows yet. Every answer says
 * whether it counted a provisional day, so that people can be told the date may still move; loading the
 * official arrangement recomputes the running deadlines. Only a day more than
 * {@link PROVISIONAL_YEARS_AHEAD} years past the last announced year (or before the holiday law of 2024
 * applies, in a year not loaded) is refused with {@link CalendarRangeError}.
 */
import {
  dayOfWeekOfDayNumber,
  formatDate,
  isIsoDate,
  parseDate,
  yearOfDayNumber,
  type IsoDate,
} from './dates.js';
import type { DayKind, LedgerReason, PauseKind } from '../codes.js';
import { HOLIDAY_LAW_FROM_YEAR, HOLIDAY_LAW_UNTIL_YEAR, statutoryHolidays } from './statutory-holidays.js';

/** How many years past the last announced year the calendar answers provisionally. */
export const PROVISIONAL_YEARS_AHEAD = 2;

/** One named day of the holiday schedule, e.g. `{ date: '2025-10-01', name: '国庆节' }`. */
export interface CalendarEntry {
  date: IsoDate;
  name: string;
}

/**
 * The holiday schedule the administrator loads.
 * - `years`: the years whose official arrangement is loaded (complete). Years after the last of them, up to
 *   {@link PROVISIONAL_YEARS_AHEAD} years, are computed provisionally from the holiday law.
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

/** A stop of the clock covering the calendar days `from`..`to`, both inclusive. */
export interface Pause {
  from: IsoDate;
  to: IsoDate;
  kind: PauseKind;
}


export interface LedgerDay {
  date: IsoDate;
  counted: boolean;
  reason: LedgerReason;
  /** the day lies in a year whose holiday arrangement is not announced: its kind is the law's, not the arrangement's */
  provisional: boolean;
}

export interface Deadline {
  /** The day on which the last working day of the limit is used up. */
  dueDate: IsoDate;
  /** true when a day of the ledger is provisional: the due date may move once the arrangement is announced */
  provisional: boolean;
  /** Every calendar day from the day after the start date through `dueDate`, in order. */
  days: LedgerDay[];
}

/** A date N working days on, and whether a provisional day was counted to reach it. */
export interface WorkingDate {
  date: IsoDate;
  provisional: boolean;
}

/**
 * Thrown when a computation needs a day the calendar cannot answer even provisionally: more than
 * {@link PROVISIONAL_YEARS_AHEAD} years past the last announced year, or a year not loaded that the 2024
 * holiday law does not cover.
 */
export class CalendarRangeError extends Error {
  override readonly name = 'CalendarRangeError';
  readonly year: number;

  constructor(year: number, lastAnnounced?: number) {
    super(
      lastAnnounced !== undefined && year > lastAnnounced
        ? `the working-day calendar cannot count days of ${year}: more than ${PROVISIONAL_YEARS_AHEAD} years after ${lastAnnounced}, the last year whose holiday arrangement is loaded`
        : `the working-day calendar has no data for ${year}; the administrator must load it`,
    );
    this.year = year;
  }
}

// Day kinds stored in the lookup table; 0 = the year is not loaded. PROVISIONAL is a flag added to the kind.
const NOT_LOADED = 0;
const WORKING = 1;
const REST_DAY = 2;
const HOLIDAY = 3;
const MAKEUP = 4;
type KindCode = typeof WORKING | typeof REST_DAY | typeof HOLIDAY | typeof MAKEUP;
const KIND_MASK = 7;
const PROVISIONAL = 8;

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
  /** The years whose official arrangement is loaded, ascending, without duplicates. */
  readonly loadedYears: readonly number[];
  /** The years answered provisionally from the holiday law (not loaded, at most PROVISIONAL_YEARS_AHEAD after the last loaded). */
  readonly provisionalYears: readonly number[];

  private readonly loaded: ReadonlySet<number>;
  /** Day number of January 1 of the first year in the table. */
  private readonly base: number;
  /** Day kind per day from `base` (| PROVISIONAL in provisional years); NOT_LOADED for days of years in a gap. */
  private readonly kinds: Uint8Array;
  private readonly provisionalEntries: readonly CalendarEntry[];

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
    const provisional = provisionalYearsAfter(years);
    this.provisionalYears = Object.freeze(provisional);

    const all = [...years, ...provisional].sort((a, b) => a - b);
    if (all.length === 0) {
      this.base = 0;
      this.kinds = new Uint8Array(0);
      this.provisionalEntries = Object.freeze([]);
      return;
    }
    const first = all[0] as number;
    const last = all[all.length - 1] as number;
    this.base = parseDate(`${pad4(first)}-01-01`);
    const end = parseDate(`${pad4(last)}-12-31`);
    this.kinds = new Uint8Array(end - this.base + 1);

    for (const year of all) {
      const flag = this.loaded.has(year) ? 0 : PROVISIONAL;
      const from = parseDate(`${pad4(year)}-01-01`);
      const to = parseDate(`${pad4(year)}-12-31`);
      for (let day = from; day <= to; day++) {
        const dow = dayOfWeekOfDayNumber(day);
        this.kinds[day - this.base] = (dow === 0 || dow === 6 ? REST_DAY : WORKING) | flag;
      }
    }
    const entries = provisional.flatMap((year) => statutoryHolidays(year));
    for (const entry of entries) this.kinds[parseDate(entry.date) - this.base] = HOLIDAY | PROVISIONAL;
    this.provisionalEntries = Object.freeze(entries);
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

  /** True when the day lies in a provisional year (its kind follows the holiday law, not an announced arrangement). @throws CalendarRangeError */
  isProvisional(date: IsoDate): boolean {
    return (this.codeAt(parseDate(date)) & PROVISIONAL) !== 0;
  }

  /** True when a day of the calendar-day range (fromExclusive, toInclusive] is provisional. @throws CalendarRangeError */
  countsProvisionalDays(fromExclusive: IsoDate, toInclusive: IsoDate): boolean {
    const a = parseDate(fromExclusive);
    const b = parseDate(toInclusive);
    for (let day = Math.min(a, b) + 1; day <= Math.max(a, b); day++) {
      if ((this.codeAt(day) & PROVISIONAL) !== 0) return true;
    }
    return false;
  }

  /** The statutory holidays the provisional years assume (the law's fixed days, no arrangement), in date order. */
  provisionalHolidays(): readonly CalendarEntry[] {
    return this.provisionalEntries;
  }

  /**
   * The date of the n-th working day after `from`: counting starts the day after `from`, so
   * `addWorkingDays(friday, 1)` is the next working day, and `n = 0` returns `from` itself
   * (without needing any calendar data).
   * @throws RangeError when n is not a non-negative integer; CalendarRangeError past the calendar.
   */
  addWorkingDays(from: IsoDate, n: number): IsoDate {
    return this.workingDaysAfter(from, n).date;
  }

  /** {@link addWorkingDays}, saying whether a provisional day was passed to reach the date. */
  workingDaysAfter(from: IsoDate, n: number): WorkingDate {
    assertDayCount(n, 'n');
    let day = parseDate(from);
    let count = 0;
    let provisional = false;
    while (count < n) {
      day++;
      const code = this.codeAt(day);
      if ((code & PROVISIONAL) !== 0) provisional = true;
      const kind = code & KIND_MASK;
      if (kind === WORKING || kind === MAKEUP) count++;
    }
    return { date: formatDate(day), provisional };
  }

  /**
   * The number of working days in the calendar-day range (fromExclusive, toInclusive].
   * Equal dates give 0; when `toInclusive` is earlier than `fromExclusive` the result is the
   * negative of the reversed range, so `count(a, b) === -count(b, a)` always holds.
   * Consistent with {@link addWorkingDays}: `count(x, addWorkingDays(x, n)) === n`.
   * @throws CalendarRangeError when a day of the range cannot be answered.
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
   *   Each day says whether it is provisional, and so does the deadline as a whole.
   *
   * @throws RangeError on an invalid date, a pause ending before it starts, or a negative or
   * fractional `workingDays`; CalendarRangeError when the count runs past the calendar.
   */
  deadline(startDate: IsoDate, workingDays: number, pauses: readonly Pause[] = []): Deadline {
    const { due, ledger } = this.computeDeadline(parseDate(startDate), workingDays, pauses);
    return {
      dueDate: formatDate(due),
      provisional: ledger.some((entry) => entry.provisional),
      days: ledger.map((entry) => ({
        date: formatDate(entry.day),
        counted: entry.reason === 'counted',
        reason: entry.reason,
        provisional: entry.provisional,
      })),
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
   * @throws like {@link deadline}, and CalendarRangeError when `today` is past the calendar.
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

  /** December 31 of the last loaded (announced) year, or null when no year is loaded. */
  lastLoadedDate(): IsoDate | null {
    const last = this.loadedYears[this.loadedYears.length - 1];
    return last === undefined ? null : `${pad4(last)}-12-31`;
  }

  /**
   * A warning for the administrator, in Chinese, from 1 October of the last announced year on (the State
   * Council usually announces the next year's arrangement in the autumn), while today lies in a provisional
   * year, or when today cannot be answered at all; null otherwise.
   */
  coverageWarning(today: IsoDate): string | null {
    const t = parseDate(today);
    const year = yearOfDayNumber(t);
    const last = this.loadedYears[this.loadedYears.length - 1];
    const effect = '期间的期限按《全国年节及纪念日放假办法》规定的法定节假日暂算（不含调休上班日和补休日），并标注为“暂定”；录入后系统自动重新计算所有进行中的期限，并短信告知期限变动的申请人。';
    if (last === undefined) {
      return '工作日历尚未录入任何年度的节假日安排，无法计算工作日期限。请管理员在“工作日历”中录入国务院办公厅公布的节假日安排。';
    }
    if (!this.loaded.has(year)) {
      if (!this.provisionalYears.includes(year)) {
        return `工作日历未录入${year}年的节假日安排，且该年度超出暂算范围（最后公布年度${last}年之后${PROVISIONAL_YEARS_AHEAD}年内），今天起的期限无法计算。请管理员立即录入国务院办公厅公布的节假日安排。`;
      }
      return `工作日历尚未录入${year}年的节假日安排（已录入至${last}年）。${year}年${effect}请管理员在国务院办公厅公布后及时录入。`;
    }
    if (!this.loaded.has(year + 1) && t >= parseDate(`${pad4(year)}-10-01`)) {
      return `工作日历尚未录入${year + 1}年的节假日安排。国务院办公厅通常于秋季公布下一年度安排，公布后请及时录入；在此之前，${year + 1}年${effect}`;
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
      const current = index >= 0 && index < this.kinds.length ? (this.kinds[index] as number) : NOT_LOADED;
      if (current === NOT_LOADED || (current & PROVISIONAL) !== 0) {
        throw new RangeError(
          `${label} ${entry.date} (${entry.name}) is outside the loaded years ${this.loadedYears.join(', ') || '(none)'}`,
        );
      }
      this.kinds[index] = code;
    }
  }

  /** The stored code of a day (kind, with the PROVISIONAL flag). @throws CalendarRangeError */
  private codeAt(day: number): number {
    const index = day - this.base;
    const code = index >= 0 && index < this.kinds.length ? this.kinds[index] : NOT_LOADED;
    if (code === undefined || code === NOT_LOADED) {
      throw new CalendarRangeError(yearOfDayNumber(day), this.loadedYears[this.loadedYears.length - 1]);
    }
    return code;
  }

  private kindAt(day: number): KindCode {
    return (this.codeAt(day) & KIND_MASK) as KindCode;
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
  ): { due: number; ledger: { day: number; reason: LedgerReason; provisional: boolean }[] } {
    assertDayCount(workingDays, 'workingDays');
    const intervals = mergePauses(pauses);
    const ledger: { day: number; reason: LedgerReason; provisional: boolean }[] = [];
    let day = start;
    let count = 0;
    let p = 0; // first interval that may still cover `day` or a later day
    while (count < workingDays) {
      day++;
      const code = this.codeAt(day);
      const kind = code & KIND_MASK;
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
      ledger.push({ day, reason, provisional: (code & PROVISIONAL) !== 0 });
    }
    return { due: day, ledger };
  }
}

/**
 * The years answered provisionally: every year after the first year of the revised holiday law that is not
 * loaded, up to PROVISIONAL_YEARS_AHEAD years after the last loaded year (gaps between loaded years included).
 * None when nothing is loaded: there is no announced year to count from.
 */
function provisionalYearsAfter(loaded: readonly number[]): number[] {
  const last = loaded[loaded.length - 1];
  if (last === undefined) return [];
  const years: number[] = [];
  const until = Math.min(last + PROVISIONAL_YEARS_AHEAD, HOLIDAY_LAW_UNTIL_YEAR);
  for (let year = HOLIDAY_LAW_FROM_YEAR; year <= until; year++) {
    if (!loaded.includes(year)) years.push(year);
  }
  return years;
}

function pad4(year: number): string {
  return String(year).padStart(4, '0');
}

/**
 * Whether a deadline running from `startDate` to `dueDate` counts a provisional day, for showing a stored due date.
 * A range the calendar cannot answer counts as provisional (a date nobody can vouch for is never shown as final);
 * without any calendar (admin never reached) nothing is claimed.
 */
export function isProvisionalDeadline(calendar: WorkingCalendar | undefined, startDate: IsoDate, dueDate: IsoDate): boolean {
  if (!calendar) return false;
  try {
    return calendar.countsProvisionalDays(startDate, dueDate);
  } catch (err) {
    if (err instanceof CalendarRangeError) return true;
    throw err;
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
