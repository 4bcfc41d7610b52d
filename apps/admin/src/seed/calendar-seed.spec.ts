import { describe, expect, it } from '@jest/globals';
import { buildCalendarSeed, CalendarYearUnavailableError } from './calendar-seed.js';

const STATUTORY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

describe('buildCalendarSeed', () => {
  const seed = buildCalendarSeed([2026, 2025]);
  const holidays = new Map(seed.holidays.map((d) => [d.date, d.name]));
  const makeUp = new Map(seed.makeUpWorkdays.map((d) => [d.date, d.name]));

  it('covers the asked years, ascending', () => {
    expect(seed.years).toEqual([2025, 2026]);
    expect(buildCalendarSeed([2026, 2026]).years).toEqual([2026]);
    const dates = [...seed.holidays, ...seed.makeUpWorkdays].map((d) => d.date);
    expect(dates.every((d) => d.startsWith('2025-') || d.startsWith('2026-'))).toBe(true);
  });

  it('lists National Day 2025 and 2026 as holidays', () => {
    expect(holidays.get('2025-10-01')).toBe('国庆节');
    expect(holidays.get('2026-10-01')).toBe('国庆节');
  });

  it('includes the weekend days inside a holiday period, but not ordinary weekends', () => {
    expect(weekday('2025-10-04')).toBe(6);
    expect(holidays.get('2025-10-04')).toBe('国庆节');
    expect(weekday('2025-10-18')).toBe(6);
    expect(holidays.has('2025-10-18')).toBe(false);
    expect(holidays.has('2025-10-09')).toBe(false); // an ordinary Thursday
  });

  it('gives the whole 2025 National Day and Mid-autumn period (10-01..10-08)', () => {
    const days = seed.holidays.filter((d) => d.date >= '2025-10-01' && d.date <= '2025-10-31').map((d) => d.date);
    expect(days).toEqual(['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05', '2025-10-06', '2025-10-07', '2025-10-08']);
    expect(holidays.get('2025-10-06')).toBe('中秋节');
  });

  it('lists 2025-09-28 (Sunday) and 2025-10-11 (Saturday) as make-up working days', () => {
    expect(weekday('2025-09-28')).toBe(0);
    expect(weekday('2025-10-11')).toBe(6);
    expect(makeUp.get('2025-09-28')).toBe('国庆节');
    expect(makeUp.get('2025-10-11')).toBe('国庆节');
    expect(seed.makeUpWorkdays.filter((d) => d.date.startsWith('2025-')).map((d) => d.date)).toEqual([
      '2025-01-26',
      '2025-02-08',
      '2025-04-27',
      '2025-09-28',
      '2025-10-11',
    ]);
  });

  it("lists 2026's make-up working days as the package gives them (国办发明电〔2025〕7号)", () => {
    expect(seed.makeUpWorkdays.filter((d) => d.date.startsWith('2026-'))).toEqual([
      { date: '2026-01-04', name: '元旦' },
      { date: '2026-02-14', name: '春节' },
      { date: '2026-02-28', name: '春节' },
      { date: '2026-05-09', name: '劳动节' },
      { date: '2026-09-20', name: '国庆节' },
      { date: '2026-10-10', name: '国庆节' },
    ]);
  });

  it('names every holiday with the usual Chinese name, and all seven holidays occur each year', () => {
    for (const d of seed.holidays) expect(STATUTORY_NAMES).toContain(d.name);
    for (const year of ['2025', '2026']) {
      const names = new Set(seed.holidays.filter((d) => d.date.startsWith(year)).map((d) => d.name));
      expect([...names].sort()).toEqual([...STATUTORY_NAMES].sort());
    }
    expect(holidays.get('2025-04-04')).toBe('清明节');
    expect(holidays.get('2026-06-19')).toBe('端午节');
    expect(holidays.get('2026-09-25')).toBe('中秋节');
  });

  it('counts the holiday days of each year as published', () => {
    expect(seed.holidays.filter((d) => d.date.startsWith('2025-'))).toHaveLength(28);
    expect(seed.holidays.filter((d) => d.date.startsWith('2026-'))).toHaveLength(33);
  });

  it('keeps make-up days on weekends, apart from holidays, and both lists sorted without repeats', () => {
    for (const d of seed.makeUpWorkdays) {
      expect([0, 6]).toContain(weekday(d.date));
      expect(holidays.has(d.date)).toBe(false);
    }
    for (const list of [seed.holidays, seed.makeUpWorkdays]) {
      const dates = list.map((d) => d.date);
      expect(dates).toEqual([...new Set(dates)].sort());
      for (const date of dates) expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('refuses 2027, for which the package has no data, with a clear error', () => {
    expect(() => buildCalendarSeed([2027])).toThrow(CalendarYearUnavailableError);
    expect(() => buildCalendarSeed([2027])).toThrow(/2027/);
    expect(() => buildCalendarSeed([2026, 2027])).toThrow(CalendarYearUnavailableError);
    try {
      buildCalendarSeed([2027]);
    } catch (error: unknown) {
      expect(error instanceof CalendarYearUnavailableError && error.year).toBe(2027);
    }
  });

  it('refuses something that is not a year', () => {
    expect(() => buildCalendarSeed([2025.5])).toThrow(RangeError);
    expect(() => buildCalendarSeed([Number.NaN])).toThrow(RangeError);
  });

  it('returns nothing for no years', () => {
    expect(buildCalendarSeed([])).toEqual({ years: [], holidays: [], makeUpWorkdays: [] });
  });
});
