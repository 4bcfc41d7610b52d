import { describe, expect, it } from '@jest/globals';
import { calendarYears, dayChangeBody, dayChangeProblems, dayChangeQuestion, dayNow, dayStateText, daysOfYear, movedText, parseArrangement } from './calendar';

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

describe('changing the calendar', () => {
  it('says what a day is now', () => {
    const holidays = [{ date: '2026-10-01', name: '国庆节' }];
    const makeUp = [{ date: '2026-10-10', name: '国庆节' }];
    expect(dayNow('2026-10-01', holidays, makeUp)).toBe('放假（国庆节）');
    expect(dayNow('2026-10-10', holidays, makeUp)).toBe('调休上班（国庆节）');
    expect(dayNow('2026-10-11', holidays, makeUp)).toBe('周末休息');
    expect(dayNow('2026-10-12', holidays, makeUp)).toBe('工作日');
  });

  it('checks a day’s change and builds its body and question', () => {
    expect(dayChangeProblems({ date: '2026-09-03', kind: 'holiday', name: '抗战胜利纪念日', note: '国务院通知' }, [2025, 2026])).toEqual([]);
    expect(dayChangeProblems({ date: '2027-02-30', kind: 'holiday', note: '' }, [2026])).toEqual(['请选择要调整的日期', '放假须填写节日名称', '请填写调整原因']);
    expect(dayChangeProblems({ date: '2027-01-04', kind: 'normal', note: '更正' }, [2026])).toEqual(['2027年的节假日安排尚未载入，请先载入该年度']);
    expect(dayChangeBody({ date: '2026-09-03', kind: 'holiday', name: ' 纪念日 ', note: ' 通知 ' })).toEqual({ kind: 'holiday', name: '纪念日', note: '通知' });
    expect(dayChangeBody({ date: '2026-09-03', kind: 'normal', name: '纪念日', note: '更正' })).toEqual({ kind: 'normal', note: '更正' });
    expect(dayChangeQuestion({ date: '2026-09-03', kind: 'holiday', name: '纪念日', note: 'x' })).toMatch(/^确定将2026年9月3日改为放假（纪念日）吗？/);
    expect(dayChangeQuestion({ date: '2026-09-05', kind: 'makeup_workday', note: 'x' })).toMatch(/^确定将2026年9月5日改为调休上班吗？/);
  });

  it('counts the moved deadlines and says the audit trail’s states in Chinese', () => {
    expect(movedText(3)).toBe('此次调整使3项在办期限发生变化');
    expect(movedText(0)).toBe('此次调整未改变在办期限');
    expect(dayStateText('holiday:国庆节')).toBe('放假（国庆节）');
    expect(dayStateText('makeup_workday:春节')).toBe('调休上班（春节）');
    expect(dayStateText('normal')).toBe('按星期（工作日或周末）');
  });

  it('reads a year’s arrangement one day a line, listing every problem', () => {
    const ok = parseArrangement(2027, '2027-01-01 元旦\n\n2027-02-06，春节\n2027-02-07\t春节', '2027-02-20 春节');
    expect(ok.problems).toEqual([]);
    expect(ok.holidays).toEqual([
      { date: '2027-01-01', name: '元旦' },
      { date: '2027-02-06', name: '春节' },
      { date: '2027-02-07', name: '春节' },
    ]);
    expect(ok.makeUpWorkdays).toEqual([{ date: '2027-02-20', name: '春节' }]);
    const bad = parseArrangement(2027, '元旦\n2026-12-31 元旦\n2027-02-29 春节\n2027-01-01 元旦', '2027-01-01 元旦\n2027-02-22 春节');
    expect(bad.problems).toEqual([
      '放假日期第1行应为“日期 名称”，如 2027-01-01 元旦',
      '放假日期第2行：2026-12-31不在2027年',
      '放假日期第3行：2027-02-29不是有效日期',
      '调休上班日期第1行：2027-01-01已在放假日期中',
      '调休上班日期2027年2月22日不是周末',
    ]);
    expect(parseArrangement(2027, '', '').problems).toEqual(['请至少填写一个放假日期']);
  });
});
