import { describe, expect, it } from '@jest/globals';
import ExcelJS from 'exceljs';
import { WorkingCalendar } from '@yichuang/domain';
import { average, chinaDate, inPeriod, onTime, pauseDays, pausedWorkingDays, rate, satisfactionRows, secondsBetween, workingDaysSplit } from './rules.js';
import { chinaDateTime, toCsv, toXlsx } from './export.js';
import { stageState } from './project.service.js';

/** 2025 with National Day and Mid-Autumn 10-01…10-08 off, 09-28 and 10-11 make-up working days (the official arrangement). */
const calendar = new WorkingCalendar({
  years: [2025],
  holidays: ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2025-10-${d}`, name: '国庆节、中秋节' })),
  makeUpWorkdays: [
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
});

describe('statistics rules', () => {
  it('dates an instant in China time (UTC+8), whatever the machine', () => {
    expect(chinaDate('2025-09-25T15:59:59.000Z')).toBe('2025-09-25');
    expect(chinaDate('2025-09-25T16:00:00.000Z')).toBe('2025-09-26');
  });

  it('turns a suspension into calendar days as review does: the start day through the day before the resumption', () => {
    expect(pauseDays('2025-09-26T02:00:00Z', '2025-09-30T02:00:00Z')).toEqual({ from: '2025-09-26', to: '2025-09-29' });
    // resumed the day it started: no day paused
    expect(pauseDays('2025-09-26T02:00:00Z', '2025-09-26T08:00:00Z')).toBeNull();
    // still open: through the given day, or nothing
    expect(pauseDays('2025-09-26T02:00:00Z', null, '2025-09-29')).toEqual({ from: '2025-09-26', to: '2025-09-29' });
    expect(pauseDays('2025-09-26T02:00:00Z', null)).toBeNull();
  });

  it('splits acceptance → decision into counted and paused working days, across National Day', () => {
    // accepted Thu 09-25, decided Sat 10-11 (a make-up working day): 09-26, 09-28, 09-29, 09-30, 10-09, 10-10, 10-11 = 7
    expect(workingDaysSplit(calendar, '2025-09-25', '2025-10-11', [])).toEqual({ total: 7, counted: 7, paused: 0 });
    // suspended Fri 09-26 through Mon 09-29 (09-26, 09-28, 09-29 are working days), resumed 09-30
    const pause = pauseDays('2025-09-26T02:00:00Z', '2025-09-30T02:00:00Z') ?? { from: '', to: '' };
    expect(pausedWorkingDays(calendar, pause)).toBe(3);
    expect(workingDaysSplit(calendar, '2025-09-25', '2025-10-11', [pause])).toEqual({ total: 7, counted: 4, paused: 3 });
    // overlapping pauses count a day once; days outside (acceptance, decision] are not counted
    expect(workingDaysSplit(calendar, '2025-09-25', '2025-10-11', [pause, { from: '2025-09-20', to: '2025-09-28' }])).toEqual({ total: 7, counted: 4, paused: 3 });
    expect(workingDaysSplit(calendar, '2025-09-25', '2025-09-25', [])).toEqual({ total: 0, counted: 0, paused: 0 });
  });

  it('is on time when decided on or before the due date (the China day of the decision)', () => {
    expect(onTime('2025-10-09T15:59:00Z', '2025-10-09')).toBe(true);
    expect(onTime('2025-10-09T16:00:00Z', '2025-10-09')).toBe(false);
    expect(onTime('2025-10-09T02:00:00Z', null)).toBeNull();
  });

  it('rates, averages, seconds and periods', () => {
    expect(rate(2, 3)).toBe(0.6667);
    expect(rate(1, 0)).toBeNull();
    expect(average([4, 3, 4])).toBe(3.67);
    expect(average([])).toBeNull();
    expect(secondsBetween('2025-09-25T02:00:00Z', '2025-09-25T02:12:30Z')).toBe(750);
    expect(secondsBetween('2025-09-25T02:00:00Z', null)).toBeNull();
    expect(secondsBetween('2025-09-25T02:00:01Z', '2025-09-25T02:00:00Z')).toBeNull();
    expect(inPeriod('2025-09-25', { from: '2025-09-25', to: '2025-09-25' })).toBe(true);
    expect(inPeriod('2025-09-24', { from: '2025-09-25' })).toBe(false);
    expect(inPeriod('2025-09-24', {})).toBe(true);
  });

  it('groups ratings: counts per level, mean score 5…1, satisfied rate (the three upper levels), bad reviews', () => {
    const rows = satisfactionRows([
      { key: 'W02', level: 'very_satisfied' },
      { key: 'W01', level: 'satisfied' },
      { key: 'W01', level: 'very_dissatisfied' },
      { key: 'W01', level: 'basic' },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['W01', 'W02']);
    expect(rows[0]).toEqual({
      key: 'W01',
      ratings: 3,
      levels: { very_satisfied: 0, satisfied: 1, basic: 1, dissatisfied: 0, very_dissatisfied: 1 },
      avgScore: 2.67,
      satisfiedRate: 0.6667,
      bad: 1,
    });
    expect(rows[1]).toMatchObject({ ratings: 1, avgScore: 5, satisfiedRate: 1, bad: 0 });
  });

  it("states a project's stage from its cases", () => {
    expect(stageState([])).toBe('not_started');
    expect(stageState([{ status: 'in_review', decidedAt: null, handedOverAt: null }])).toBe('in_progress');
    expect(stageState([{ status: 'ready_for_delivery', decidedAt: '2025-10-09T02:00:00Z', handedOverAt: null }])).toBe('decided');
    expect(stageState([{ status: 'closed', decidedAt: '2025-10-09T02:00:00Z', handedOverAt: null }])).toBe('completed');
    expect(
      stageState([
        { status: 'delivered', decidedAt: '2025-10-09T02:00:00Z', handedOverAt: '2025-10-10T02:00:00Z' },
        { status: 'in_review', decidedAt: null, handedOverAt: null },
      ]),
    ).toBe('in_progress');
  });
});

describe('statistics export', () => {
  const table = { title: '办件全程时间', headers: ['办件编号', '备注', '秒'], rows: [['411523-2025-000001', '含,逗号 "引号"', 750], ['=1+1', null, null]] };

  it('writes CSV with a BOM, CRLF, quoting and no formula injection', () => {
    const text = toCsv(table).toString('utf8');
    expect(text.startsWith('\uFEFF办件编号,备注,秒\r\n')).toBe(true);
    expect(text).toContain('411523-2025-000001,"含,逗号 ""引号""",750\r\n');
    expect(text).toContain("'=1+1,,\r\n");
  });

  it('writes an XLSX that reads back with the Chinese headers and the values', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(table)) as never);
    const ws = wb.getWorksheet('办件全程时间');
    expect(ws?.getRow(1).values).toEqual([undefined, '办件编号', '备注', '秒']);
    expect(ws?.getRow(2).getCell(3).value).toBe(750);
    expect(ws?.getRow(2).getCell(2).value).toBe('含,逗号 "引号"');
  });

  it('prints instants in China time', () => {
    expect(chinaDateTime('2025-09-25T02:05:09.000Z')).toBe('2025-09-25 10:05:09');
    expect(chinaDateTime(null)).toBeNull();
  });
});
