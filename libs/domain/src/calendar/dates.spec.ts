import { describe, expect, it } from '@jest/globals';
import {
  addDays,
  addMonths,
  chinaToday,
  dayOfWeek,
  daysInMonth,
  diffDays,
  formatDate,
  isIsoDate,
  isLeapYear,
  parseDate,
  yearOf,
} from './dates.js';

describe('isIsoDate', () => {
  it.each(['2025-01-01', '2024-02-29', '2000-02-29', '1970-01-01', '9999-12-31', '0001-01-01'])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '2025-1-01',
    '2025/01/01',
    '20250101',
    ' 2025-01-01',
    '2025-01-01T00:00:00Z',
    '',
  ])('rejects %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it('rejects non-strings', () => {
    expect(isIsoDate(undefined)).toBe(false);
    expect(isIsoDate(null)).toBe(false);
    expect(isIsoDate(20250101)).toBe(false);
    expect(isIsoDate(new Date(0))).toBe(false);
  });
});

describe('parseDate / formatDate', () => {
  it('maps 1970-01-01 to day 0', () => {
    expect(parseDate('1970-01-01')).toBe(0);
    expect(parseDate('1969-12-31')).toBe(-1);
    expect(formatDate(0)).toBe('1970-01-01');
  });

  it('agrees with Date.UTC day by day over 1899–2101', () => {
    const start = Date.UTC(1899, 0, 1);
    const end = Date.UTC(2101, 11, 31);
    const mismatches: string[] = [];
    let checked = 0;
    for (let ms = start; ms <= end; ms += 86_400_000) {
      const iso = new Date(ms).toISOString().slice(0, 10);
      const day = ms / 86_400_000;
      if (parseDate(iso) !== day || formatDate(day) !== iso) mismatches.push(iso);
      checked++;
    }
    expect(checked).toBeGreaterThan(73_000);
    expect(mismatches).toEqual([]);
  });

  it('round-trips the ends of the supported range', () => {
    expect(formatDate(parseDate('0000-01-01'))).toBe('0000-01-01');
    expect(formatDate(parseDate('9999-12-31'))).toBe('9999-12-31');
  });

  it('throws RangeError on invalid input', () => {
    expect(() => parseDate('2025-02-30')).toThrow(RangeError);
    expect(() => parseDate('2025-2-3')).toThrow(/YYYY-MM-DD/);
    expect(() => parseDate(undefined as unknown as string)).toThrow(RangeError);
    expect(() => formatDate(1.5)).toThrow(RangeError);
    expect(() => formatDate(parseDate('9999-12-31') + 1)).toThrow(RangeError);
  });

  it('gives yearOf', () => {
    expect(yearOf('2026-12-31')).toBe(2026);
    expect(() => yearOf('2026-12-32')).toThrow(RangeError);
  });
});

describe('leap years and month lengths', () => {
  it('follows the Gregorian rules', () => {
    expect(isLeapYear(2024)).toBe(true);
    expect(isLeapYear(2025)).toBe(false);
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2025, 4)).toBe(30);
    expect(daysInMonth(2025, 12)).toBe(31);
    expect(daysInMonth(2025, 13)).toBe(0);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2025-01-31', 1)).toBe('2025-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2025-10-01', 0)).toBe('2025-10-01');
    expect(addDays('2025-01-01', 365)).toBe('2026-01-01');
  });

  it('refuses a fractional number of days', () => {
    expect(() => addDays('2025-01-01', 0.5)).toThrow(RangeError);
  });
});

describe('dayOfWeek', () => {
  it('is 0 for Sunday and 6 for Saturday', () => {
    expect(dayOfWeek('2025-09-28')).toBe(0); // Sunday (make-up working day)
    expect(dayOfWeek('2025-10-01')).toBe(3); // Wednesday
    expect(dayOfWeek('2025-10-11')).toBe(6); // Saturday
    expect(dayOfWeek('1970-01-01')).toBe(4); // Thursday
    expect(dayOfWeek('1969-12-28')).toBe(0); // Sunday, before day 0
  });
});

describe('diffDays', () => {
  it('is to − from', () => {
    expect(diffDays('2025-10-01', '2025-10-08')).toBe(7);
    expect(diffDays('2025-10-08', '2025-10-01')).toBe(-7);
    expect(diffDays('2024-01-01', '2025-01-01')).toBe(366);
    expect(diffDays('2025-03-30', '2025-03-31')).toBe(1); // a European DST change: no effect
  });
});

describe('chinaToday', () => {
  it('is the date in UTC+8', () => {
    expect(chinaToday(new Date('2025-09-30T15:59:59.999Z'))).toBe('2025-09-30');
    expect(chinaToday(new Date('2025-09-30T16:00:00.000Z'))).toBe('2025-10-01');
    expect(chinaToday(new Date('2025-12-31T16:30:00Z'))).toBe('2026-01-01');
    expect(chinaToday(new Date('2025-06-15T23:59:00+08:00'))).toBe('2025-06-15');
    expect(chinaToday(new Date('2025-06-16T00:00:00+08:00'))).toBe('2025-06-16');
  });

  it('throws on an invalid Date', () => {
    expect(() => chinaToday(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it('keeps the day of the month, or takes the month\'s last day', () => {
    expect(addMonths('2026-11-26', 36)).toBe('2029-11-26');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 3)).toBe('2027-03-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(() => addMonths('2026-02-30', 1)).toThrow(RangeError);
  });
});
