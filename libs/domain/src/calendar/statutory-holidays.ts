/**
 * The statutory public holidays fixed in advance by 《全国年节及纪念日放假办法》 as revised by the State Council
 * on 2024-11-12 (in force 2025-01-01), Art. 2: 13 days a year for everyone —
 *
 * | holiday | days | when |
 * |---|---|---|
 * | 元旦 New Year | 1 | January 1 |
 * | 春节 Spring Festival | 4 | 除夕 (the last day of the 12th lunar month) and 正月初一–初三 |
 * | 清明节 Qingming | 1 | the day of the 清明 solar term (April 4 or 5) |
 * | 劳动节 Labour Day | 2 | May 1–2 |
 * | 端午节 Dragon Boat | 1 | the 5th day of the 5th lunar month |
 * | 中秋节 Mid-Autumn | 1 | the 15th day of the 8th lunar month |
 * | 国庆节 National Day | 3 | October 1–3 |
 *
 * What the State Council announces each year (usually in the autumn before) is only the *arrangement*: which
 * weekend days are worked (调休) and which days bridge or make up a holiday falling on a weekend (Art. 6). Those
 * cannot be known in advance, so a calendar built from these days alone is *provisional*: right on every day
 * except the arrangement's make-up working days and extra rest days.
 */
import chineseDays from 'chinese-days';
import { addDays, isRealDate, type IsoDate } from './dates.js';

/** The first year the 2024 revision of the holiday law applies to (earlier years had other holidays). */
export const HOLIDAY_LAW_FROM_YEAR = 2025;
/** The last year whose lunar dates the conversion table covers (chinese-days: lunar years 1900–2100). */
export const HOLIDAY_LAW_UNTIL_YEAR = 2099;

export interface StatutoryHoliday {
  date: IsoDate;
  /** the holiday's Chinese name, e.g. 春节 */
  name: string;
}

/**
 * The 13 statutory holiday days of `year`, in date order.
 * @throws RangeError for a year the revised law does not cover or the lunar table does not reach.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  if (!Number.isInteger(year) || year < HOLIDAY_LAW_FROM_YEAR || year > HOLIDAY_LAW_UNTIL_YEAR) {
    throw new RangeError(`the 2024 holiday law covers the years ${HOLIDAY_LAW_FROM_YEAR}–${HOLIDAY_LAW_UNTIL_YEAR}, not ${year}`);
  }
  const springFestival = lunarToSolar(year, 1, 1);
  const days: StatutoryHoliday[] = [
    { date: iso(year, 1, 1), name: '元旦' },
    { date: addDays(springFestival, -1), name: '春节' }, // 除夕
    { date: springFestival, name: '春节' },
    { date: addDays(springFestival, 1), name: '春节' },
    { date: addDays(springFestival, 2), name: '春节' },
    { date: iso(year, 4, qingmingDay(year)), name: '清明节' },
    { date: iso(year, 5, 1), name: '劳动节' },
    { date: iso(year, 5, 2), name: '劳动节' },
    { date: lunarToSolar(year, 5, 5), name: '端午节' },
    { date: lunarToSolar(year, 8, 15), name: '中秋节' },
    { date: iso(year, 10, 1), name: '国庆节' },
    { date: iso(year, 10, 2), name: '国庆节' },
    { date: iso(year, 10, 3), name: '国庆节' },
  ];
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * The April day of the 清明 solar term in a year of the 21st century, by the usual closed formula for the
 * solar terms (寿星通用公式: ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋ with Y the year within the century and C = 4.81 for 清明),
 * the same formula `chinese-days` uses. Written out here because the package's `getSolarTermDate` builds its
 * answer with a UTC parse and local-time getters, which is a day early in time zones west of UTC; this is pure
 * integer arithmetic. Checked against the package and against every published 清明 holiday 2008–2026 in the
 * unit test.
 */
export function qingmingDay(year: number): number {
  if (year < 2000 || year > 2099) throw new RangeError(`the 清明 formula is for the years 2000–2099, not ${year}`);
  const y = year % 100;
  return Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
}

/**
 * The Gregorian date of a day of the Chinese lunar calendar (not a leap month), through `chinese-days`'s lunar
 * table (1900–2100). The package reads its argument with local-time getters: it is given a local-time Date for
 * the lunar date's fields, which it reads back unchanged in any time zone (a `YYYY-MM-DD` string would be parsed
 * as UTC midnight and read a day early west of UTC), and it answers with local-time fields too.
 */
export function lunarToSolar(lunarYear: number, lunarMonth: number, lunarDay: number): IsoDate {
  const { date } = chineseDays.getSolarDateFromLunar(new Date(lunarYear, lunarMonth - 1, lunarDay));
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m || !isRealDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new Error(`chinese-days answered ${JSON.stringify(date)} for the lunar date ${lunarYear}-${lunarMonth}-${lunarDay}`);
  }
  return date;
}

function iso(year: number, month: number, day: number): IsoDate {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

