import { describe, expect, it } from '@jest/globals';
import { alarmLevel } from './alarm.js';

describe('alarmLevel', () => {
  it.each([
    [10, 'none'],
    [2, 'none'],
    [1, 'yellow'],
    [0, 'yellow'],
    [-1, 'red'],
    [-30, 'red'],
  ] as const)('with the default threshold, %d remaining is %s', (remaining, level) => {
    expect(alarmLevel(remaining)).toBe(level);
  });

  it('takes a configured threshold', () => {
    expect(alarmLevel(3, { yellowAtOrBelow: 3 })).toBe('yellow');
    expect(alarmLevel(4, { yellowAtOrBelow: 3 })).toBe('none');
    expect(alarmLevel(0, { yellowAtOrBelow: 0 })).toBe('yellow');
    expect(alarmLevel(1, { yellowAtOrBelow: 0 })).toBe('none');
    expect(alarmLevel(-1, { yellowAtOrBelow: 5 })).toBe('red');
  });

  it('refuses non-finite numbers', () => {
    expect(() => alarmLevel(Number.NaN)).toThrow(RangeError);
    expect(() => alarmLevel(1, { yellowAtOrBelow: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
