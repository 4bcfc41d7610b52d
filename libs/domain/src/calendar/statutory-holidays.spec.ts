import { afterEach, describe, expect, it } from '@jest/globals';
import { createRequire } from 'node:module';
import chineseDays from 'chinese-days';
import { lunarToSolar, qingmingDay, statutoryHolidays } from './statutory-holidays.js';

/** The published arrangements as the chinese-days package ships them: date → "English,中文,n" for every day off. */
const published = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
const isPublishedHoliday = (date: string): boolean => published.holidays[date] !== undefined;
/**
 * A day off in the published arrangement: a listed holiday, or a weekend day not worked. (The package's table
 * lists 2012's 端午 period as June 22 and 24 only; the festival itself, June 23, was the Saturday between.)
 */
const isPublishedDayOff = (date: string): boolean =>
  isPublishedHoliday(date) || ([0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay()) && published.workdays[date] === undefined);
const pad = (n: number): string => String(n).padStart(2, '0');

describe('statutoryHolidays (the 2024 revision of the holiday law)', () => {
  it('gives the 13 days of 2027 that DOMAIN.md lists', () => {
    expect(statutoryHolidays(2027)).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-05', name: '春节' }, // 除夕
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
      { date: '2027-02-08', name: '春节' },
      { date: '2027-04-05', name: '清明节' },
      { date: '2027-05-01', name: '劳动节' },
      { date: '2027-05-02', name: '劳动节' },
      { date: '2027-06-09', name: '端午节' },
      { date: '2027-09-15', name: '中秋节' },
      { date: '2027-10-01', name: '国庆节' },
      { date: '2027-10-02', name: '国庆节' },
      { date: '2027-10-03', name: '国庆节' },
    ]);
  });

  it.each([2025, 2026])('puts every day of %i on a day off of the published arrangement', (year) => {
    const days = statutoryHolidays(year);
    expect(days).toHaveLength(13);
    expect(days.filter((d) => !isPublishedHoliday(d.date))).toEqual([]);
  });

  it('finds the lunar festivals and 清明 on published days off in every year since 2008 (the festivals became holidays then)', () => {
    const missed: string[] = [];
    for (let year = 2008; year <= 2026; year++) {
      const festivals = [lunarToSolar(year, 1, 1), `${year}-04-${pad(qingmingDay(year))}`, lunarToSolar(year, 5, 5), lunarToSolar(year, 8, 15)];
      for (const date of festivals) if (!isPublishedDayOff(date)) missed.push(date);
    }
    expect(missed).toEqual([]);
  });

  it('refuses years the revised law or the lunar table does not cover', () => {
    expect(() => statutoryHolidays(2024)).toThrow(RangeError);
    expect(() => statutoryHolidays(2100)).toThrow(RangeError);
    expect(() => statutoryHolidays(2027.5)).toThrow(RangeError);
  });
});

describe('qingmingDay', () => {
  it('agrees with chinese-days for the whole century', () => {
    for (let year = 2000; year <= 2099; year++) {
      expect(`${year}-04-${pad(qingmingDay(year))}`).toBe(chineseDays.getSolarTermDate(year, 4, 'pure_brightness'));
    }
  });
});

describe('lunar dates in any time zone', () => {
  const original = process.env.TZ;
  afterEach(() => {
    process.env.TZ = original;
  });

  it.each(['America/New_York', 'Asia/Shanghai', 'Pacific/Kiritimati', 'UTC'])('give the same holidays under TZ=%s', (tz) => {
    process.env.TZ = 'UTC';
    const expected = [2027, 2028, 2033, 2050].map((y) => statutoryHolidays(y));
    process.env.TZ = tz;
    expect([2027, 2028, 2033, 2050].map((y) => statutoryHolidays(y))).toEqual(expected);
  });

  it('round-trips through the lunar calendar', () => {
    for (const year of [2027, 2028, 2029, 2030]) {
      for (const [month, day] of [
        [1, 1],
        [5, 5],
        [8, 15],
      ] as const) {
        const [y, m, d] = lunarToSolar(year, month, day).split('-').map(Number) as [number, number, number];
        const back = chineseDays.getLunarDate(new Date(y, m - 1, d));
        expect({ year: back.lunarYear, month: back.lunarMon, day: back.lunarDay, leap: back.isLeap }).toEqual({ year, month, day, leap: false });
      }
    }
  });
});
