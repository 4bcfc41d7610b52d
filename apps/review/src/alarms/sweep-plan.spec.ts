import { describe, expect, it } from '@jest/globals';
import { alarmLevel, WorkingCalendar } from '@yichuang/domain';
import { remainingWorkingDays } from '../tasks/remaining-days.js';
import { sweepPlan } from './sweep-plan.js';

/** 2025: National Day and Mid-Autumn Oct 1–8 off; Sunday Sep 28 and Saturday Oct 11 worked. */
const calendar = new WorkingCalendar({
  years: [2025],
  holidays: ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2025-10-${d}`, name: '国庆节、中秋节' })),
  makeUpWorkdays: [
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
});

const days = (from: string, to: string): string[] => {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
};

describe('sweepPlan: the due-date slices of a sweep', () => {
  it('agrees with alarmLevel(remainingWorkingDays) for every (today, due date) pair of Sep–Oct 2025 and thresholds 0–3', () => {
    for (const y of [0, 1, 2, 3]) {
      for (const today of days('2025-09-20', '2025-10-20')) {
        const plan = sweepPlan(calendar, today, y, '2025-09-01');
        for (const due of days('2025-09-01', '2025-11-10')) {
          const expected = alarmLevel(remainingWorkingDays(calendar, today, due), { yellowAtOrBelow: y });
          const inYellow = due >= (plan.yellow.from ?? '') && due <= plan.yellow.to;
          const inRed = plan.red !== null && due >= (plan.red.from ?? '') && due <= plan.red.to;
          expect([today, due, y, inYellow ? 'yellow' : inRed ? 'red' : 'none']).toEqual([today, due, y, expected]);
        }
        for (const [i, d] of plan.yellow.dates.entries()) expect(plan.yellow.remaining[i]).toBe(remainingWorkingDays(calendar, today, d));
        for (const [i, d] of (plan.red?.dates ?? []).entries()) expect(plan.red?.remaining[i]).toBe(remainingWorkingDays(calendar, today, d));
      }
    }
  });

  it('stretches yellow over the rest days after the last yellow working day (Tue Sep 30, 1 day: through the holiday to Oct 9)', () => {
    const plan = sweepPlan(calendar, '2025-09-30', 1, null);
    expect([plan.yellow.from, plan.yellow.to]).toEqual(['2025-09-30', '2025-10-09']);
    expect(plan.yellow.remaining).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(plan.red).toBeNull();
    expect(plan.workingDays).toBe(true);
  });

  it('makes the day after the due date red even on a rest day', () => {
    const plan = sweepPlan(calendar, '2025-10-04', 1, '2025-09-29');
    expect(plan.red).toMatchObject({ from: '2025-09-29', to: '2025-10-03', dates: ['2025-09-29', '2025-09-30', '2025-10-01', '2025-10-02', '2025-10-03'], remaining: [-1, -1, -1, -1, -1] });
  });

  it('counts calendar days without a calendar', () => {
    const plan = sweepPlan(undefined, '2025-10-04', 1, '2025-10-02');
    expect([plan.yellow.to, plan.red?.remaining, plan.workingDays]).toEqual(['2025-10-05', [-2, -1], false]);
  });
});
