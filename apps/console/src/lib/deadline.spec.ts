import { describe, expect, it } from '@jest/globals';
import { alarmColor, chineseDate, remainingText } from './deadline';

describe("a task's clock", () => {
  it('reads 剩余N个工作日, due today, overdue or stopped', () => {
    expect(remainingText(13)).toBe('剩余13个工作日');
    expect(remainingText(1)).toBe('剩余1个工作日');
    expect(remainingText(0)).toBe('今日到期');
    expect(remainingText(-2)).toBe('已超期2个工作日');
    expect(remainingText(5, true)).toBe('已暂停计时（剩余5个工作日）');
  });

  it('colours the alarm levels and writes dates the Chinese way', () => {
    expect([alarmColor('none'), alarmColor('yellow'), alarmColor('red')]).toEqual(['success', 'warning', 'error']);
    expect(chineseDate('2026-12-04')).toBe('2026年12月4日');
  });
});
