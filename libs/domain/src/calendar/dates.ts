/**
 * Calendar-date helpers on `YYYY-MM-DD` strings.
 *
 * A calendar date has no time of day and no time zone. Internally a date is converted to a
 * "day number" (days since 1970-01-01 in the proleptic Gregorian calendar) using pure integer
 * arithmetic, so nothing here depends on the machine's time zone or on `Date` parsing quirks
 * (`new Date('2025-10-01')` is UTC midnight, `new Date(2025, 9, 1)` is local midnight, and
 * `Date.UTC(25, ...)` silently means 1925).
 */

/** A calendar date written `YYYY-MM-DD` (years 0000–9999). */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The offset of China Standard Time (Asia/Shanghai): UTC+8 all year, no daylight saving since 1991. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

const MIN_DAY = daysFromCivil(0, 1, 1);
const MAX_DAY = daysFromCivil(9999, 12, 31);

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in `month` (1–12) of `year`; 0 for a month outside 1–12. */
export function daysInMonth(year: number, month: number): number {
  switch (month) {
    case 1:
    case 3:
    case 5:
    case 7:
    case 8:
    case 10:
    case 12:
      return 31;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    case 2:
      return isLeapYear(year) ? 29 : 28;
    default:
      return 0;
  }
}

/** True when year/month/day (integers, month 1–12) name a day that exists. */
export function isRealDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** True when `value` is a string `YYYY-MM-DD` naming a day that exists (so `2025-02-29` is false). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/**
 * Parses a `YYYY-MM-DD` date into its day number (days since 1970-01-01, negative before).
 * @throws RangeError when `value` is not a real date in exactly that form.
 */
export function parseDate(value: IsoDate): number {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (m === null) {
    throw new RangeError(`not a date in YYYY-MM-DD form: ${JSON.stringify(value)}`);
  }
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!isRealDate(year, month, day)) {
    throw new RangeError(`not a real date: ${value}`);
  }
  return daysFromCivil(year, month, day);
}

/**
 * Formats a day number (days since 1970-01-01) as `YYYY-MM-DD`.
 * @throws RangeError when the day number is not an integer or falls outside years 0000–9999.
 */
export function formatDate(dayNumber: number): IsoDate {
  if (!Number.isInteger(dayNumber) || dayNumber < MIN_DAY || dayNumber > MAX_DAY) {
    throw new RangeError(`day number ${dayNumber} is outside the years 0000–9999`);
  }
  const { year, month, day } = civilFromDays(dayNumber);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** The year of a `YYYY-MM-DD` date. @throws RangeError on an invalid date. */
export function yearOf(date: IsoDate): number {
  parseDate(date);
  return Number(date.slice(0, 4));
}

/** The year that contains a day number. */
export function yearOfDayNumber(dayNumber: number): number {
  return civilFromDays(dayNumber).year;
}

/** The date `days` calendar days after `date` (before it when negative). @throws RangeError */
export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return formatDate(parseDate(date) + days);
}

/**
 * The date `months` calendar months after `date`, on the same day of the month, or the month's last day when it has
 * fewer days (`addMonths('2026-01-31', 1)` is `2026-02-28`). @throws RangeError
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  parseDate(date);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return formatDate(daysFromCivil(year, month, Math.min(d, daysInMonth(year, month))));
}

/** Day of the week: 0 = Sunday, 1 = Monday, …, 6 = Saturday. @throws RangeError */
export function dayOfWeek(date: IsoDate): number {
  return dayOfWeekOfDayNumber(parseDate(date));
}

/** Day of the week of a day number: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function dayOfWeekOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/**
 * Calendar days from `from` to `to`: `to − from`, so `diffDays('2025-10-01', '2025-10-08') === 7`
 * and it is negative when `to` is earlier. @throws RangeError
 */
export function diffDays(from: IsoDate, to: IsoDate): number {
  return parseDate(to) - parseDate(from);
}

/**
 * The calendar date in China (Asia/Shanghai, UTC+8, no daylight saving) at the instant `now`,
 * whatever the time zone of the machine.
 * @throws RangeError when `now` is an invalid Date.
 */
export function chinaToday(now: Date): IsoDate {
  const ms = now instanceof Date ? now.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError('chinaToday needs a valid Date');
  return formatDate(Math.floor((ms + CHINA_OFFSET_MS) / 86_400_000));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// Howard Hinnant's civil-calendar algorithms (public domain), proleptic Gregorian calendar.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(dayNumber: number): { year: number; month: number; day: number } {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
