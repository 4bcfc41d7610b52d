import { describe, expect, it } from '@jest/globals';
import { chinaDayStart, recipientWaitUntil, TokenBucket } from './send-limits.js';

describe('TokenBucket', () => {
  it('lets a burst of the rate through, then spaces tries by 1/rate', () => {
    let t = 0;
    const bucket = new TokenBucket(5, () => t);
    expect([1, 2, 3, 4, 5].map(() => bucket.take())).toEqual([0, 0, 0, 0, 0]);
    expect(bucket.take()).toBe(200);
    t += 1000; // a second later the bucket is full again (less the debt)
    expect(bucket.take()).toBe(0);
  });
});

describe('recipientWaitUntil', () => {
  const limits = { perHour: 5, perDay: 10 };
  const now = new Date('2026-12-02T06:30:00Z'); // 14:30 in China

  it('sends now while under both limits', () => {
    expect(recipientWaitUntil(now, { lastHour: 4, oldestInLastHour: now, today: 9 }, limits)).toBeNull();
  });

  it('waits until the oldest SMS of the last hour is an hour old', () => {
    const oldest = new Date('2026-12-02T05:45:00Z');
    expect(recipientWaitUntil(now, { lastHour: 5, oldestInLastHour: oldest, today: 5 }, limits)).toEqual(new Date('2026-12-02T06:45:00Z'));
  });

  it('waits until the next China day once the day’s limit is reached', () => {
    expect(recipientWaitUntil(now, { lastHour: 0, oldestInLastHour: null, today: 10 }, limits)).toEqual(new Date('2026-12-02T16:00:00Z'));
  });

  it('counts the day in China time, whatever the machine’s zone', () => {
    expect(chinaDayStart(new Date('2026-12-02T17:00:00Z'))).toEqual(new Date('2026-12-02T16:00:00Z'));
    expect(chinaDayStart(new Date('2026-12-02T15:59:59Z'))).toEqual(new Date('2026-12-01T16:00:00Z'));
  });
});
