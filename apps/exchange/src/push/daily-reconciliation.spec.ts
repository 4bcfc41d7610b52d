import { describe, expect, it } from '@jest/globals';
import { dayToReconcile } from './daily-reconciliation.js';

describe('the day the night reconciles (China time)', () => {
  it('is the day before once EXCHANGE_RECONCILE_AT has passed in China, the one before that until then', () => {
    // 2026-12-08 01:59 in China (17:59 UTC the day before): the 7th is not reconciled yet, the 6th is the last due
    expect(dayToReconcile(new Date('2026-12-07T17:59:00Z'), '02:00')).toBe('2026-12-06');
    expect(dayToReconcile(new Date('2026-12-07T18:00:00Z'), '02:00')).toBe('2026-12-07');
    // across a year's end and a leap day
    expect(dayToReconcile(new Date('2027-01-01T00:30:00+08:00'), '00:15')).toBe('2026-12-31');
    expect(dayToReconcile(new Date('2028-03-01T09:00:00+08:00'), '02:00')).toBe('2028-02-29');
  });
});
