import { describe, expect, it } from '@jest/globals';
import { retryDelayMs } from './backoff.js';

describe('retryDelayMs', () => {
  it('doubles from the base per failure and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 1000, 10_000, 0))).toEqual([1000, 2000, 4000, 8000, 10_000]);
    expect(retryDelayMs(1000, 1000, 3_600_000, 0)).toBe(3_600_000);
  });

  it('takes at most a fifth off at random, never below 1 ms', () => {
    expect(retryDelayMs(1, 1000, 10_000, 0.999)).toBeGreaterThanOrEqual(800);
    expect(retryDelayMs(1, 1000, 10_000, 0.5)).toBe(900);
    expect(retryDelayMs(1, 1, 1, 0.999)).toBe(1);
  });
});
