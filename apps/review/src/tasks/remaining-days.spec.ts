import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from '@yichuang/domain';
import { remainingWorkingDays, taskClock } from './remaining-days.js';

// 2025 National Day and Mid-Autumn (国务院办公厅 2025 notice): Oct 1–8 off, Sun Sep 28 and Sat Oct 11 worked.
const calendar = new WorkingCalendar({
  years: [2025],
  holidays: ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2025-10-${d}`, name: '国庆节、中秋节' })),
  makeUpWorkdays: [
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
});

describe('remaining working days of a review task', () => {
  it('counts the working days after today up to the due date, across a holiday with make-up days', () => {
    // (09-26, 10-15]: 09-28 (make-up Sunday), 29, 30, 10-09, 10, 11 (make-up Saturday), 13, 14, 15
    expect(remainingWorkingDays(calendar, '2025-09-26', '2025-10-15')).toBe(9);
    expect(remainingWorkingDays(calendar, '2025-10-15', '2025-10-15')).toBe(0);
  });

  it('is negative once overdue, −1 already on a rest day right after the due date', () => {
    // due Friday 10-17; Saturday 10-18 and Sunday 10-19 are rest days, still one day overdue
    expect(remainingWorkingDays(calendar, '2025-10-18', '2025-10-17')).toBe(-1);
    expect(remainingWorkingDays(calendar, '2025-10-19', '2025-10-17')).toBe(-1);
    expect(remainingWorkingDays(calendar, '2025-10-20', '2025-10-17')).toBe(-1);
    expect(remainingWorkingDays(calendar, '2025-10-21', '2025-10-17')).toBe(-2);
  });

  it('raises yellow on the last day, red when overdue, nothing once decided', () => {
    expect(taskClock(calendar, '2025-10-14', '2025-10-15', 'claimed')).toEqual({ remainingWorkingDays: 1, alarm: 'yellow', workingDays: true });
    expect(taskClock(calendar, '2025-10-16', '2025-10-15', 'pending').alarm).toBe('red');
    expect(taskClock(calendar, '2025-10-16', '2025-10-15', 'approved').alarm).toBe('none');
    expect(taskClock(calendar, '2025-09-26', '2025-10-15', 'pending').alarm).toBe('none');
  });

  it('counts provisional years as working days, and falls back to calendar days without a calendar or past what it can answer', () => {
    expect(taskClock(undefined, '2025-09-26', '2025-10-15', 'pending')).toEqual({ remainingWorkingDays: 19, alarm: 'none', workingDays: false });
    // 2026 is provisional here: 01-01 元旦 by law; 12-31 and 01-02 count
    expect(taskClock(calendar, '2025-12-30', '2026-01-02', 'pending')).toEqual({ remainingWorkingDays: 2, alarm: 'none', workingDays: true });
    expect(taskClock(calendar, '2027-12-30', '2028-01-02', 'pending')).toEqual({ remainingWorkingDays: 3, alarm: 'none', workingDays: false });
    expect(taskClock(undefined, '2025-10-16', '2025-10-15', 'pending')).toMatchObject({ remainingWorkingDays: -1, alarm: 'red' });
  });
});
