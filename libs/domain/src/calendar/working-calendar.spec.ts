import { describe, expect, it } from '@jest/globals';
import { addDays, dayOfWeek } from './dates.js';
import { CalendarRangeError, WorkingCalendar, type CalendarData, type CalendarEntry, type LedgerDay } from './working-calendar.js';

/** Every date from..to inclusive, with a name. */
function span(from: string, to: string, name: string): CalendarEntry[] {
  const out: CalendarEntry[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push({ date: d, name });
  return out;
}

/**
 * The real State Council schedules (国务院办公厅关于2025年/2026年部分节假日安排的通知), as published;
 * the 2026 part was cross-checked against the chinese-days package at the time of writing.
 */
const DATA: CalendarData = {
  years: [2025, 2026],
  holidays: [
    // 2025
    ...span('2025-01-01', '2025-01-01', '元旦'),
    ...span('2025-01-28', '2025-02-04', '春节'),
    ...span('2025-04-04', '2025-04-06', '清明节'),
    ...span('2025-05-01', '2025-05-05', '劳动节'),
    ...span('2025-05-31', '2025-06-02', '端午节'),
    ...span('2025-10-01', '2025-10-08', '国庆节、中秋节'),
    // 2026
    ...span('2026-01-01', '2026-01-03', '元旦'),
    ...span('2026-02-15', '2026-02-23', '春节'),
    ...span('2026-04-04', '2026-04-06', '清明节'),
    ...span('2026-05-01', '2026-05-05', '劳动节'),
    ...span('2026-06-19', '2026-06-21', '端午节'),
    ...span('2026-09-25', '2026-09-27', '中秋节'),
    ...span('2026-10-01', '2026-10-07', '国庆节'),
  ],
  makeUpWorkdays: [
    { date: '2025-01-26', name: '春节调休' }, // Sunday
    { date: '2025-02-08', name: '春节调休' }, // Saturday
    { date: '2025-04-27', name: '劳动节调休' }, // Sunday
    { date: '2025-09-28', name: '国庆节调休' }, // Sunday
    { date: '2025-10-11', name: '国庆节调休' }, // Saturday
    { date: '2026-01-04', name: '元旦调休' }, // Sunday
    { date: '2026-02-14', name: '春节调休' }, // Saturday
    { date: '2026-02-28', name: '春节调休' }, // Saturday
    { date: '2026-05-09', name: '劳动节调休' }, // Saturday
    { date: '2026-09-20', name: '国庆节调休' }, // Sunday
    { date: '2026-10-10', name: '国庆节调休' }, // Saturday
  ],
};

const cal = new WorkingCalendar(DATA);

function reasons(days: LedgerDay[]): string[] {
  return days.map((d) => `${d.date} ${d.reason}`);
}

describe('test data', () => {
  it('has its make-up days on weekends', () => {
    for (const { date } of DATA.makeUpWorkdays) expect([0, 6]).toContain(dayOfWeek(date));
  });

  it('gives 248 working days in 2025 and in 2026 (the published totals)', () => {
    expect(cal.countWorkingDays('2024-12-31', '2025-12-31')).toBe(248);
    expect(cal.countWorkingDays('2025-12-31', '2026-12-31')).toBe(248);
  });
});

describe('dayKind / isWorkingDay', () => {
  it.each([
    ['2025-09-26', 'working', true], // Friday
    ['2025-09-27', 'rest_day', false], // Saturday
    ['2025-09-28', 'makeup_workday', true], // Sunday, make-up working day
    ['2025-10-01', 'holiday', false], // Wednesday, National Day
    ['2025-10-04', 'holiday', false], // Saturday inside the holiday
    ['2025-10-08', 'holiday', false],
    ['2025-10-09', 'working', true],
    ['2025-10-11', 'makeup_workday', true], // Saturday, make-up working day
    ['2025-10-12', 'rest_day', false],
    ['2026-01-04', 'makeup_workday', true],
    ['2026-02-23', 'holiday', false], // Monday, last day of the 2026 Spring Festival
    ['2026-12-31', 'working', true],
  ] as const)('%s is %s', (date, kind, working) => {
    expect(cal.dayKind(date)).toBe(kind);
    expect(cal.isWorkingDay(date)).toBe(working);
  });

  it('lets a make-up working day win over a holiday listed on the same date', () => {
    const c = new WorkingCalendar({
      years: [2025],
      holidays: [{ date: '2025-03-01', name: 'x' }],
      makeUpWorkdays: [{ date: '2025-03-01', name: 'y' }],
    });
    expect(c.dayKind('2025-03-01')).toBe('makeup_workday');
    expect(c.isWorkingDay('2025-03-01')).toBe(true);
  });

  it('throws RangeError on an invalid date', () => {
    expect(() => cal.dayKind('2025-02-29')).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('returns the start date itself for n = 0, even outside the loaded years', () => {
    expect(cal.addWorkingDays('2025-10-01', 0)).toBe('2025-10-01');
    expect(cal.addWorkingDays('2025-10-04', 0)).toBe('2025-10-04');
    expect(cal.addWorkingDays('2030-01-01', 0)).toBe('2030-01-01');
  });

  it('starts counting on the day after', () => {
    expect(cal.addWorkingDays('2025-10-09', 1)).toBe('2025-10-10');
    expect(cal.addWorkingDays('2025-10-10', 1)).toBe('2025-10-11'); // make-up Saturday
    expect(cal.addWorkingDays('2025-10-11', 1)).toBe('2025-10-13');
    expect(cal.addWorkingDays('2025-09-30', 1)).toBe('2025-10-09'); // over the whole holiday
    expect(cal.addWorkingDays('2025-01-27', 1)).toBe('2025-02-05');
  });

  it('crosses the year boundary inside the loaded years', () => {
    // 2025-12-31 (Wed) +1: 2026-01-01..03 holiday, 01-04 make-up Sunday.
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
    expect(cal.addWorkingDays('2025-12-31', 2)).toBe('2026-01-05');
  });

  it('refuses a negative or fractional n', () => {
    expect(() => cal.addWorkingDays('2025-10-09', -1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2025-10-09', 1.5)).toThrow(RangeError);
    expect(() => cal.addWorkingDays('2025-10-09', Number.NaN)).toThrow(RangeError);
  });

  it('is quick for n up to 200', () => {
    const started = performance.now();
    let last = '';
    for (let i = 0; i < 300; i++) last = cal.addWorkingDays(addDays('2025-01-01', i), 200);
    expect(last).toBe(cal.addWorkingDays(addDays('2025-01-01', 299), 200));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('countWorkingDays', () => {
  it('counts (fromExclusive, toInclusive]', () => {
    expect(cal.countWorkingDays('2025-10-09', '2025-10-09')).toBe(0);
    expect(cal.countWorkingDays('2025-10-09', '2025-10-10')).toBe(1);
    expect(cal.countWorkingDays('2025-09-26', '2025-10-12')).toBe(6); // 9/28, 9/29, 9/30, 10/9, 10/10, 10/11
    expect(cal.countWorkingDays('2025-09-30', '2025-10-08')).toBe(0);
  });

  it('is antisymmetric', () => {
    expect(cal.countWorkingDays('2025-10-12', '2025-09-26')).toBe(-6);
    expect(Object.is(cal.countWorkingDays('2025-10-08', '2025-10-01'), 0)).toBe(true); // not -0
  });

  it('is consistent with addWorkingDays from every start date (property-style)', () => {
    const ns = [0, 1, 2, 3, 5, 7, 10, 20, 45];
    for (let start = '2025-01-01'; start <= '2026-09-30'; start = addDays(start, 1)) {
      for (const n of ns) {
        const end = cal.addWorkingDays(start, n);
        expect(cal.countWorkingDays(start, end)).toBe(n);
        expect(cal.countWorkingDays(end, start)).toBe(n === 0 ? 0 : -n);
        expect(cal.deadline(start, n).dueDate).toBe(end);
        if (n > 0) {
          expect(cal.isWorkingDay(end)).toBe(true);
          expect(cal.countWorkingDays(start, addDays(end, -1))).toBe(n - 1);
        }
      }
    }
  });
});

describe('deadline', () => {
  it('crosses the National Day holiday and its make-up days (2025-09-26 + 5 working days)', () => {
    // Start Friday 2025-09-26; the clock counts from Saturday 09-27:
    //   09-27 Sat rest day
    //   09-28 Sun make-up working day → 1
    //   09-29 Mon → 2, 09-30 Tue → 3
    //   10-01 … 10-08 National Day + Mid-Autumn holiday (8 days, weekend included)
    //   10-09 Thu → 4, 10-10 Fri → 5  ⇒ due 2025-10-10
    // One more working day would be the make-up Saturday 10-11.
    const result = cal.deadline('2025-09-26', 5, []);
    expect(result.dueDate).toBe('2025-10-10');
    expect(reasons(result.days)).toEqual([
      '2025-09-27 rest_day',
      '2025-09-28 counted',
      '2025-09-29 counted',
      '2025-09-30 counted',
      '2025-10-01 holiday',
      '2025-10-02 holiday',
      '2025-10-03 holiday',
      '2025-10-04 holiday',
      '2025-10-05 holiday',
      '2025-10-06 holiday',
      '2025-10-07 holiday',
      '2025-10-08 holiday',
      '2025-10-09 counted',
      '2025-10-10 counted',
    ]);
    expect(result.days.filter((d) => d.counted)).toHaveLength(5);
    expect(result.days.every((d) => d.counted === (d.reason === 'counted'))).toBe(true);
    expect(cal.deadline('2025-09-26', 6).dueDate).toBe('2025-10-11');
  });

  it('gives the start date and an empty ledger for 0 working days', () => {
    expect(cal.deadline('2025-10-01', 0, [])).toEqual({ dueDate: '2025-10-01', provisional: false, days: [] });
  });

  it('handles a pause that starts and ends on non-working days', () => {
    // Start Friday 2025-06-06, 10 working days; pause Saturday 06-07 .. Sunday 06-15 stops the
    // working week 06-09..06-13 (5 days). Counting: 06-16..06-20 → 5, 06-23..06-27 → 10.
    // Without the pause the due date would be 06-20.
    const pause = { from: '2025-06-07', to: '2025-06-15', kind: 'special_procedure' } as const;
    expect(cal.deadline('2025-06-06', 10).dueDate).toBe('2025-06-20');
    const result = cal.deadline('2025-06-06', 10, [pause]);
    expect(result.dueDate).toBe('2025-06-27');
    expect(reasons(result.days).slice(0, 10)).toEqual([
      '2025-06-07 rest_day',
      '2025-06-08 rest_day',
      '2025-06-09 paused',
      '2025-06-10 paused',
      '2025-06-11 paused',
      '2025-06-12 paused',
      '2025-06-13 paused',
      '2025-06-14 rest_day',
      '2025-06-15 rest_day',
      '2025-06-16 counted',
    ]);
    expect(result.days).toHaveLength(21); // 06-07 .. 06-27
    expect(result.days.filter((d) => d.reason === 'paused')).toHaveLength(5);
  });

  it('handles a correction pause followed by a special-procedure pause', () => {
    // Start Monday 2025-03-03, 20 working days. 03-04 counts (1). Correction 03-05..03-11 and
    // expert review 03-12..03-18 (touching) stop 10 working days. Counting resumes 03-19 (2) …
    // 04-03 (13); 04-04..04-06 Qingming; 04-07 (14) … 04-11 (18), 04-14 (19), 04-15 (20).
    const pauses = [
      { from: '2025-03-05', to: '2025-03-11', kind: 'correction' },
      { from: '2025-03-12', to: '2025-03-18', kind: 'special_procedure' },
    ] as const;
    expect(cal.deadline('2025-03-03', 20).dueDate).toBe('2025-03-31');
    const result = cal.deadline('2025-03-03', 20, [...pauses]);
    expect(result.dueDate).toBe('2025-04-15');
    const byDate = new Map(result.days.map((d) => [d.date, d.reason]));
    expect(byDate.get('2025-03-04')).toBe('counted');
    expect(byDate.get('2025-03-05')).toBe('paused');
    expect(byDate.get('2025-03-08')).toBe('rest_day'); // weekend inside the pause
    expect(byDate.get('2025-03-11')).toBe('paused');
    expect(byDate.get('2025-03-12')).toBe('paused');
    expect(byDate.get('2025-03-18')).toBe('paused');
    expect(byDate.get('2025-03-19')).toBe('counted');
    expect(byDate.get('2025-04-04')).toBe('holiday');
    expect(byDate.get('2025-04-05')).toBe('holiday');
    expect(result.days.filter((d) => d.reason === 'paused')).toHaveLength(10);
    expect(result.days.filter((d) => d.counted)).toHaveLength(20);

    // The same pauses listed in the other order, or with a gap between them.
    expect(cal.deadline('2025-03-03', 20, [pauses[1], pauses[0]]).dueDate).toBe('2025-04-15');
    const gap = cal.deadline('2025-03-03', 20, [
      { from: '2025-03-05', to: '2025-03-07', kind: 'correction' },
      { from: '2025-03-12', to: '2025-03-14', kind: 'special_procedure' },
    ]);
    // 6 working days paused (03-05..07, 03-12..14): 14 counted by 03-31, then 04-01 (15), 04-02 (16),
    // 04-03 (17), 04-07 (18, after Qingming), 04-08 (19), 04-09 (20).
    expect(gap.dueDate).toBe('2025-04-09');
    expect(gap.days.find((d) => d.date === '2025-03-10')?.reason).toBe('counted');
  });

  it('reports a holiday inside a pause as a holiday, and a make-up day inside a pause as paused', () => {
    // Start 2025-09-26, 5 days; correction 09-28 (make-up Sunday) .. 10-09.
    // 09-28 paused, 09-29/30 paused, 10-01..08 holiday, 10-09 paused,
    // 10-10 → 1, 10-11 (make-up Saturday) → 2, 10-13 → 3, 10-14 → 4, 10-15 → 5.
    const result = cal.deadline('2025-09-26', 5, [{ from: '2025-09-28', to: '2025-10-09', kind: 'correction' }]);
    expect(result.dueDate).toBe('2025-10-15');
    const byDate = new Map(result.days.map((d) => [d.date, d.reason]));
    expect(byDate.get('2025-09-27')).toBe('rest_day');
    expect(byDate.get('2025-09-28')).toBe('paused');
    expect(byDate.get('2025-10-01')).toBe('holiday');
    expect(byDate.get('2025-10-04')).toBe('holiday');
    expect(byDate.get('2025-10-09')).toBe('paused');
    expect(byDate.get('2025-10-11')).toBe('counted');
    expect(byDate.get('2025-10-12')).toBe('rest_day');
  });

  it('merges overlapping pauses and ignores days before the start', () => {
    const single = cal.deadline('2025-06-06', 10, [{ from: '2025-06-09', to: '2025-06-18', kind: 'other' }]);
    const overlapping = cal.deadline('2025-06-06', 10, [
      { from: '2025-06-12', to: '2025-06-18', kind: 'special_procedure' },
      { from: '2025-06-09', to: '2025-06-13', kind: 'correction' },
      { from: '2025-06-10', to: '2025-06-11', kind: 'other' },
      { from: '2025-05-01', to: '2025-05-30', kind: 'other' }, // entirely before the start
    ]);
    expect(overlapping).toEqual(single);
    // A pause that began before the start and runs past it stops the days after the start.
    const straddling = cal.deadline('2025-06-06', 10, [{ from: '2025-06-01', to: '2025-06-18', kind: 'other' }]);
    expect(straddling).toEqual(single);
  });

  it('refuses a pause that ends before it starts, and bad inputs', () => {
    expect(() => cal.deadline('2025-06-06', 10, [{ from: '2025-06-10', to: '2025-06-09', kind: 'other' }])).toThrow(RangeError);
    expect(() => cal.deadline('2025-06-06', 10, [{ from: '2025-06-10', to: '2025-06-31', kind: 'other' }])).toThrow(RangeError);
    expect(() => cal.deadline('2025-06-06', -1)).toThrow(RangeError);
    expect(() => cal.deadline('2025-06-06', 2.5)).toThrow(RangeError);
    expect(() => cal.deadline('06/06/2025', 2)).toThrow(RangeError);
  });

  it('counts past the last loaded year on the provisional calendar, and says so day by day', () => {
    // 2026-12-20 (Sun) + 20 working days: 12-21..12-25 (5), 12-28..12-31 (9); 2027 is provisional:
    // 01-01 元旦 (law), 01-02/03 weekend, 01-04..01-08 (14), 01-11..01-15 (19), 01-18 (20).
    const result = cal.deadline('2026-12-20', 20, []);
    expect(result.dueDate).toBe('2027-01-18');
    expect(result.provisional).toBe(true);
    const byDate = Object.fromEntries(result.days.map((d) => [d.date, d]));
    expect(byDate['2026-12-31']).toMatchObject({ reason: 'counted', provisional: false });
    expect(byDate['2027-01-01']).toMatchObject({ reason: 'holiday', provisional: true });
    expect(byDate['2027-01-04']).toMatchObject({ reason: 'counted', provisional: true });
    // 9 working days stay inside the announced year: not provisional
    expect(cal.deadline('2026-12-20', 9)).toMatchObject({ dueDate: '2026-12-31', provisional: false });
    expect(cal.workingDaysAfter('2026-12-30', 1)).toEqual({ date: '2026-12-31', provisional: false });
    expect(cal.workingDaysAfter('2026-12-30', 2)).toEqual({ date: '2027-01-04', provisional: true });
    expect(cal.countWorkingDays('2026-12-31', '2027-01-10')).toBe(5);
    expect(cal.dayKind('2027-01-01')).toBe('holiday');
    expect(cal.isProvisional('2027-01-01')).toBe(true);
    expect(cal.isProvisional('2026-12-31')).toBe(false);
    expect(cal.countsProvisionalDays('2026-12-01', '2026-12-31')).toBe(false);
    expect(cal.countsProvisionalDays('2026-12-01', '2027-01-01')).toBe(true);
  });

  it('refuses days more than two years past the last announced year, and years the 2024 holiday law does not cover', () => {
    expect(cal.provisionalYears).toEqual([2027, 2028]);
    expect(cal.addWorkingDays('2028-12-26', 3)).toBe('2028-12-29'); // Tue → Fri, still 2028
    let caught: unknown;
    try {
      cal.addWorkingDays('2028-12-28', 10);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CalendarRangeError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as CalendarRangeError;
    expect(error.year).toBe(2029);
    expect(error.name).toBe('CalendarRangeError');
    expect(error.message).toContain('more than 2 years after 2026');
    expect(() => cal.dayKind('2029-01-01')).toThrow(CalendarRangeError);
    // before the revised law, a year not loaded is not guessed
    expect(() => cal.isWorkingDay('2024-12-31')).toThrow(expect.objectContaining({ year: 2024 }));
  });

  it('fills a year missing between loaded years provisionally', () => {
    const gap = new WorkingCalendar({ years: [2025, 2027], holidays: [], makeUpWorkdays: [] });
    expect(gap.provisionalYears).toEqual([2026, 2028, 2029]);
    expect(gap.workingDaysAfter('2025-12-30', 2)).toEqual({ date: '2026-01-02', provisional: true }); // 01-01 元旦
    expect(gap.isWorkingDay('2027-01-01')).toBe(true); // loaded, and no holidays loaded for 2027 in this test
    expect(gap.isProvisional('2027-01-01')).toBe(false);
  });
});

describe('provisional years', () => {
  const provisional = new WorkingCalendar(DATA);

  it('rest on the 13 statutory days of the holiday law and on weekends, and on nothing else', () => {
    const holidays = provisional.provisionalHolidays().filter((h) => h.date.startsWith('2027-'));
    expect(holidays).toHaveLength(13);
    // 2027: 春节 Feb 6 (除夕 Feb 5), 清明 Apr 5, 端午 Jun 9, 中秋 Sep 15 (DOMAIN.md)
    expect(holidays.map((h) => h.date)).toEqual([
      '2027-01-01',
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-04-05',
      '2027-05-01',
      '2027-05-02',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
      '2027-10-02',
      '2027-10-03',
    ]);
    let holidaysCounted = 0;
    for (let d = '2027-01-01'; d <= '2027-12-31'; d = addDays(d, 1)) {
      const weekend = dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
      const kind = provisional.dayKind(d);
      if (kind === 'holiday') holidaysCounted++;
      else expect(kind).toBe(weekend ? 'rest_day' : 'working');
      expect(provisional.isProvisional(d)).toBe(true);
    }
    expect(holidaysCounted).toBe(13);
  });

  it('takes the official arrangement instead once the year is loaded, and no longer calls it provisional', () => {
    const official = new WorkingCalendar({
      years: [...DATA.years, 2027],
      holidays: [...DATA.holidays, { date: '2027-01-01', name: '元旦' }],
      makeUpWorkdays: [...DATA.makeUpWorkdays, { date: '2027-01-09', name: '调休' }],
    });
    expect(official.provisionalYears).toEqual([2028, 2029]);
    expect(official.dayKind('2027-01-09')).toBe('makeup_workday');
    expect(official.isProvisional('2027-01-09')).toBe(false);
    expect(official.dayKind('2027-02-08')).toBe('working'); // the law's day, not listed in this (partial) test arrangement
    // a make-up Saturday moves a running deadline one working day earlier
    expect(provisional.deadline('2026-12-20', 20).dueDate).toBe('2027-01-18');
    expect(official.deadline('2026-12-20', 20)).toMatchObject({ dueDate: '2027-01-15', provisional: false });
  });
});

describe('remainingWorkingDays', () => {
  // Start 2025-09-26, 5 working days, due 2025-10-10 (see above).
  it.each([
    ['2025-09-20', 5], // before the start
    ['2025-09-26', 5], // the start date
    ['2025-09-27', 5], // Saturday: 09-28 .. 10-10 still ahead
    ['2025-09-28', 4],
    ['2025-09-30', 2],
    ['2025-10-05', 2], // during the holiday
    ['2025-10-09', 1],
    ['2025-10-10', 0], // due today
    ['2025-10-11', -1], // make-up Saturday, overdue by one working day
    ['2025-10-12', -1], // Sunday: still overdue
    ['2025-10-13', -2],
    ['2025-10-17', -6],
  ] as const)('on %s is %d', (today, expected) => {
    expect(cal.remainingWorkingDays('2025-09-26', 5, [], today)).toBe(expected);
  });

  it('is negative on the weekend after a Friday due date', () => {
    // Start Thursday 2025-06-05, 1 working day → due Friday 06-06.
    expect(cal.remainingWorkingDays('2025-06-05', 1, [], '2025-06-06')).toBe(0);
    expect(cal.remainingWorkingDays('2025-06-05', 1, [], '2025-06-07')).toBe(-1);
    expect(cal.remainingWorkingDays('2025-06-05', 1, [], '2025-06-08')).toBe(-1);
    expect(cal.remainingWorkingDays('2025-06-05', 1, [], '2025-06-09')).toBe(-1);
    expect(cal.remainingWorkingDays('2025-06-05', 1, [], '2025-06-10')).toBe(-2);
  });

  it('does not count paused working days ahead', () => {
    const pauses = [{ from: '2025-06-07', to: '2025-06-15', kind: 'correction' }] as const;
    // Due 2025-06-27; on 06-06 all 10 are ahead, on 06-10 (inside the pause) still 10.
    expect(cal.remainingWorkingDays('2025-06-06', 10, [...pauses], '2025-06-06')).toBe(10);
    expect(cal.remainingWorkingDays('2025-06-06', 10, [...pauses], '2025-06-10')).toBe(10);
    expect(cal.remainingWorkingDays('2025-06-06', 10, [...pauses], '2025-06-16')).toBe(9);
    expect(cal.remainingWorkingDays('2025-06-06', 10, [...pauses], '2025-06-27')).toBe(0);
    expect(cal.remainingWorkingDays('2025-06-06', 10, [...pauses], '2025-06-30')).toBe(-1);
  });

  it('agrees with the ledger', () => {
    const { dueDate, days } = cal.deadline('2025-09-26', 5, []);
    for (const day of days) {
      const ahead = days.filter((d) => d.date > day.date && d.counted).length;
      expect(cal.remainingWorkingDays('2025-09-26', 5, [], day.date)).toBe(ahead);
    }
    expect(dueDate).toBe('2025-10-10');
  });

  it('throws CalendarRangeError when today is past what the calendar can answer', () => {
    expect(() => cal.remainingWorkingDays('2026-12-20', 5, [], '2029-01-04')).toThrow(CalendarRangeError);
    expect(cal.remainingWorkingDays('2026-12-20', 5, [], '2027-01-04')).toBe(-5); // due 12-25; 12-28..31 and 01-04 (provisional) overdue
  });
});

describe('coverage', () => {
  it('reports the last loaded date', () => {
    expect(cal.lastLoadedDate()).toBe('2026-12-31');
    expect(cal.loadedYears).toEqual([2025, 2026]);
  });

  it('warns in Chinese from 1 October of the last announced year, and while today is provisional', () => {
    expect(cal.coverageWarning('2025-06-01')).toBeNull();
    expect(cal.coverageWarning('2026-09-30')).toBeNull();
    const autumn = cal.coverageWarning('2026-10-01');
    expect(autumn).toContain('2027年');
    expect(autumn).toContain('暂定');
    expect(autumn).toContain('全国年节及纪念日放假办法');
    expect(cal.coverageWarning('2027-01-05')).toContain('尚未录入2027年的节假日安排');
    expect(cal.coverageWarning('2029-01-05')).toContain('无法计算');
    expect(cal.coverageWarning('2024-12-31')).toContain('无法计算');
  });

  it('warns about the year after the last loaded one, whatever the gaps', () => {
    const gap = new WorkingCalendar({ years: [2027, 2025], holidays: [], makeUpWorkdays: [] });
    expect(gap.loadedYears).toEqual([2025, 2027]);
    expect(gap.lastLoadedDate()).toBe('2027-12-31');
    expect(gap.coverageWarning('2026-03-01')).toContain('尚未录入2026年');
    expect(gap.coverageWarning('2027-10-08')).toContain('2028年');
  });

  it('handles an empty calendar', () => {
    const empty = new WorkingCalendar({ years: [], holidays: [], makeUpWorkdays: [] });
    expect(empty.lastLoadedDate()).toBeNull();
    expect(empty.provisionalYears).toEqual([]);
    expect(() => empty.isWorkingDay('2025-01-02')).toThrow(CalendarRangeError);
    expect(empty.coverageWarning('2025-01-02')).toContain('尚未录入任何年度');
  });
});

describe('construction', () => {
  it('refuses invalid data', () => {
    expect(() => new WorkingCalendar({ years: [2025.5], holidays: [], makeUpWorkdays: [] })).toThrow(RangeError);
    expect(() => new WorkingCalendar({ years: [2025], holidays: [{ date: '2025-02-30', name: 'x' }], makeUpWorkdays: [] })).toThrow(
      /not a date/,
    );
    expect(() => new WorkingCalendar({ years: [2025], holidays: [{ date: '2026-01-01', name: '元旦' }], makeUpWorkdays: [] })).toThrow(
      /outside the loaded years/,
    ); // 2026 would only be provisional: an official entry there means `years` is wrong
    expect(() => new WorkingCalendar({ years: [2025], holidays: [], makeUpWorkdays: [{ date: '2024-12-29', name: 'x' }] })).toThrow(
      RangeError,
    );
  });

  it('is not affected by later changes to the input data', () => {
    const data: CalendarData = { years: [2025], holidays: [{ date: '2025-10-01', name: '国庆节' }], makeUpWorkdays: [] };
    const c = new WorkingCalendar(data);
    data.years.push(2026);
    data.holidays.push({ date: '2025-10-02', name: '国庆节' });
    expect(c.loadedYears).toEqual([2025]);
    expect(c.isWorkingDay('2025-10-02')).toBe(true);
    expect(c.isProvisional('2026-01-05')).toBe(true); // 2026 is answered from the law, not from the pushed data
    expect(() => c.isWorkingDay('2028-01-03')).toThrow(CalendarRangeError);
  });
});
