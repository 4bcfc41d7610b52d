import { describe, expect, it } from '@jest/globals';
import { calendarYears, daysOfYear } from './calendar';

describe('the calendar page', () => {
  it('lists the loaded and provisional years, newest first, once each', () => {
    expect(calendarYears([2025, 2026], [2027, 2026])).toEqual([2027, 2026, 2025]);
  });

  it('puts the holidays and make-up working days of one year in date order', () => {
    const days = daysOfYear(
      2026,
      [
        { date: '2026-10-01', name: '国庆节' },
        { date: '2025-10-01', name: '国庆节' },
        { date: '2026-02-17', name: '春节' },
      ],
      [{ date: '2026-02-14', name: '春节调休' }],
    );
    expect(days.map((d) => [d.date, d.kind])).toEqual([
      ['2026-02-14', 'make_up'],
      ['2026-02-17', 'holiday'],
      ['2026-10-01', 'holiday'],
    ]);
  });
});
