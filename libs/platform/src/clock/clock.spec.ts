import { describe, expect, it } from '@jest/globals';
import { Clock } from './clock.js';

describe('Clock', () => {
  it('runs in real time by default', () => {
    const before = Date.now();
    const now = new Clock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1000);
  });

  it('starts at a fixed moment, moves, and goes back to its own start frame', () => {
    const clock = new Clock(new Date('2026-09-29T10:00:00+08:00'));
    expect(clock.today()).toBe('2026-09-29');
    clock.set(new Date('2026-10-13T09:00:00+08:00'));
    expect(clock.today()).toBe('2026-10-13');
    clock.set(null);
    expect(clock.today()).toBe('2026-09-29');
  });

  it('gives the date in China: 20:00 UTC is already the next day in Shanghai', () => {
    expect(new Clock(new Date('2026-11-26T20:00:00Z')).today()).toBe('2026-11-27');
  });
});
