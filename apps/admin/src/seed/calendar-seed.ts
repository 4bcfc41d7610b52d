/**
 * Seed data for the working-day calendar, taken from the `chinese-days` package (statutory holidays and
 * make-up working days published by the State Council, 2004–2026 in version 1.5.7).
 *
 * The calendar is administrator-owned data: this only produces its first version. The package is read
 * day by day from its published per-day table (`dist/chinese-days.json`: date → "English,中文,n" for
 * every holiday day and every make-up working day — the same table `getDayDetail`, `isHoliday` and
 * `isWorkday` answer from), never through its range helpers, because:
 * - it answers "working day" for any day it has no data for, silently (STACK.md), so a year in which the
 *   package lists no holiday at all is refused here;
 * - `getWorkdaysInRange(a, b, false)` drops make-up working days that fall on a Saturday (STACK.md);
 * - its functions build their date keys with a UTC parse and local-time getters, so in a time zone west
 *   of UTC (e.g. TZ=America/New_York) `getDayDetail` is off by one day; the published table is not.
 *   (Checked: for 2004–2026 the table and `getDayDetail` agree day for day under TZ=Asia/Shanghai and UTC.)
 *
 * What is listed:
 * - `holidays`: every day the package lists as part of a statutory holiday period, **including** the
 *   weekend days inside the period (e.g. 2025-10-04, a Saturday of 国庆节). Ordinary weekends are not
 *   listed: a consumer treats Saturday and Sunday as rest days unless they are make-up working days.
 * - `makeUpWorkdays` (调休上班): Saturdays and Sundays the package marks as working days, named after the
 *   holiday they make up for (e.g. 2025-09-28 → 国庆节).
 *
 * Dates are `YYYY-MM-DD` calendar dates (China); nothing here depends on the process time zone.
 */
import { createRequire } from 'node:module';

export interface CalendarSeedDay {
  /** `YYYY-MM-DD` */
  date: string;
  /** Chinese holiday name, e.g. 国庆节 */
  name: string;
}

export interface CalendarSeed {
  /** the years covered, ascending, without repeats */
  years: number[];
  /** statutory holiday days (weekend days inside a holiday period included), ascending */
  holidays: CalendarSeedDay[];
  /** weekend days that are working days (调休上班), ascending */
  makeUpWorkdays: CalendarSeedDay[];
}

/** Thrown for a year the package has no holiday data for. */
export class CalendarYearUnavailableError extends Error {
  constructor(readonly year: number) {
    super(
      `No statutory holiday data for ${year} in the chinese-days package: the State Council notice for ${year} ` +
        'may not be published yet, or the package is out of date. Update chinese-days, or enter the year in the admin console.',
    );
    this.name = 'CalendarYearUnavailableError';
  }
}

/** The package's Chinese names (`清明`, `端午`, `中秋`) mapped to the usual holiday names. */
const HOLIDAY_NAMES: Readonly<Record<string, string>> = {
  元旦: '元旦',
  春节: '春节',
  清明: '清明节',
  清明节: '清明节',
  劳动节: '劳动节',
  端午: '端午节',
  端午节: '端午节',
  中秋: '中秋节',
  中秋节: '中秋节',
  国庆节: '国庆节',
};

/**
 * The package describes a day of a holiday arrangement as `"<English>,<中文>,<days off>"`, e.g.
 * `"Mid-autumn Festival,中秋,1"`. Returns the usual Chinese holiday name, or undefined if the text has
 * another shape.
 */
function holidayName(description: string): string | undefined {
  const parts = description.split(',');
  if (parts.length < 3) return undefined;
  const chinese = parts[parts.length - 2]?.trim();
  if (chinese === undefined || chinese === '') return undefined;
  return HOLIDAY_NAMES[chinese] ?? chinese;
}

/** The package's published table: `YYYY-MM-DD` → `"English,中文,days off"`. */
interface ChineseDaysTable {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

function isDayMap(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.entries(value).every(([k, v]) => /^\d{4}-\d{2}-\d{2}$/.test(k) && typeof v === 'string')
  );
}

let table: ChineseDaysTable | undefined;

/** Loads `chinese-days/dist/chinese-days.json` once, checking its shape (a package update could change it). */
function chineseDaysTable(): ChineseDaysTable {
  if (table !== undefined) return table;
  const raw: unknown = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json');
  if (typeof raw !== 'object' || raw === null) throw new Error('chinese-days: unexpected data file (not an object)');
  const { holidays, workdays } = raw as { holidays?: unknown; workdays?: unknown };
  if (!isDayMap(holidays) || !isDayMap(workdays)) {
    throw new Error('chinese-days: unexpected data file (expected "holidays" and "workdays" maps of YYYY-MM-DD to text)');
  }
  table = { holidays, workdays };
  return table;
}

function isoDate(year: number, monthIndex: number, day: number): string {
  return `${year}-${String(monthIndex + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function seedYear(year: number): { holidays: CalendarSeedDay[]; makeUpWorkdays: CalendarSeedDay[] } {
  const { holidays: holidayTable, workdays: workdayTable } = chineseDaysTable();
  const holidays: CalendarSeedDay[] = [];
  const makeUpWorkdays: CalendarSeedDay[] = [];
  for (let month = 0; month < 12; month++) {
    const daysInMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    for (let day = 1; day <= daysInMonth; day++) {
      const date = isoDate(year, month, day);
      const weekday = new Date(Date.UTC(year, month, day)).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      const working = workdayTable[date];
      const holiday = holidayTable[date];
      if (working !== undefined) {
        // a weekday listed as working is a working day anyway: only weekend days are make-up days
        if (weekend) makeUpWorkdays.push({ date, name: holidayName(working) ?? '调休上班' });
      } else if (holiday !== undefined) {
        holidays.push({ date, name: holidayName(holiday) ?? '法定节假日' });
      }
    }
  }
  if (holidays.length === 0) throw new CalendarYearUnavailableError(year);
  return { holidays, makeUpWorkdays };
}

/**
 * The holidays and make-up working days of the given years, from `chinese-days`.
 * Throws `CalendarYearUnavailableError` for a year the package has no data for (e.g. 2027 with 1.5.7),
 * and `RangeError` for something that is not a plausible year.
 */
export function buildCalendarSeed(years: number[]): CalendarSeed {
  for (const year of years) {
    if (!Number.isInteger(year) || year < 1900 || year > 9999) {
      throw new RangeError(`Not a calendar year: ${String(year)}`);
    }
  }
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const holidays: CalendarSeedDay[] = [];
  const makeUpWorkdays: CalendarSeedDay[] = [];
  for (const year of sorted) {
    const seeded = seedYear(year);
    holidays.push(...seeded.holidays);
    makeUpWorkdays.push(...seeded.makeUpWorkdays);
  }
  return { years: sorted, holidays, makeUpWorkdays };
}
