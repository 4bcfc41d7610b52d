import { describe, expect, it } from '@jest/globals';
import { daysBefore, defaultPeriod, exportFileName, onTimeRateOption, percent, satisfactionOption, shortChineseDay, volumesByDayOption } from './statistics';

describe('the supervision dashboard logic', () => {
  it('starts on the 30 days up to today, across months, years and leap days', () => {
    expect(defaultPeriod('2026-12-07')).toEqual({ from: '2026-11-08', to: '2026-12-07' });
    expect(defaultPeriod('2027-01-10')).toEqual({ from: '2026-12-12', to: '2027-01-10' });
    expect(daysBefore('2028-03-01', 1)).toBe('2028-02-29');
    expect(daysBefore('2027-12-30', 0)).toBe('2027-12-30');
  });

  it('reads rates as percent, nothing counted as a dash', () => {
    expect(percent(0.875)).toBe('87.5%');
    expect(percent(1)).toBe('100%');
    expect(percent(2 / 3)).toBe('66.7%');
    expect(percent(null)).toBe('—');
    expect(percent(undefined)).toBe('—');
  });

  it('names the export file as the gateway does and the axis days in Chinese', () => {
    expect(exportFileName('cases', '2026-11-08', '2026-12-07', 'xlsx')).toBe('statistics-cases-2026-11-08_2026-12-07.xlsx');
    expect(shortChineseDay('2026-01-05')).toBe('1月5日');
  });

  it('charts the volumes day by day in order, with the tickets only when the queue counted them', () => {
    const o = volumesByDayOption([
      { key: '2026-12-02', accepted: 1, decided: 0, handedOver: 0 },
      { key: '2026-12-01', accepted: 3, decided: 2, handedOver: 1 },
    ]);
    expect(o.xAxis.data).toEqual(['12月1日', '12月2日']);
    expect(o.series.map((s) => s.name)).toEqual(['受理件数', '办结件数', '领取件数']);
    expect(o.series[0]?.data).toEqual([3, 1]);
    const withTickets = volumesByDayOption([{ key: '2026-12-01', tickets: 9, accepted: 3, decided: 2, handedOver: 1 }]);
    expect(withTickets.series[0]).toMatchObject({ name: '取号数', data: [9] });
  });

  it('charts the on-time rate per department in percent, leaving out departments with nothing decided', () => {
    const o = onTimeRateOption([
      { key: 'ZRZY', name: '自然资源局', decided: 4, onTime: 3, onTimeRate: 0.75 },
      { key: 'ZJ', name: '住建局', decided: 0, onTime: 0, onTimeRate: null },
    ]);
    expect(o.xAxis.data).toEqual(['自然资源局']);
    expect(o.series[0]?.data).toEqual([75]);
  });

  it('charts satisfaction by window and department with the bad reviews', () => {
    const o = satisfactionOption(
      [{ key: 'W01', ratings: 2, satisfiedRate: 0.5, bad: 1 }, { key: 'W02', ratings: 0, satisfiedRate: null, bad: 0 }],
      [{ key: 'ZRZY', name: '自然资源局', ratings: 1, satisfiedRate: 1, bad: 0 }],
    );
    expect(o.xAxis.data).toEqual(['W01窗口', '自然资源局']);
    expect(o.series[0]?.data).toEqual([50, 100]);
    expect(o.series[1]?.data).toEqual([1, 0]);
  });
});
