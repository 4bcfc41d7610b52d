import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { SnapshotCache } from './snapshot-cache.js';

const quiet = { warn: () => undefined } as unknown as Logger;

function source(values: (number | Error)[]) {
  let i = 0;
  const fetch = jest.fn(async () => {
    const v = values[Math.min(i++, values.length - 1)] as number | Error;
    if (v instanceof Error) throw v;
    return v;
  });
  return fetch;
}

describe('SnapshotCache (a copy of data another service owns)', () => {
  it('fetches once, then answers from the copy until the TTL runs out', async () => {
    const fetch = source([1, 2]);
    const cache = new SnapshotCache({ label: 't', ttlMs: 60_000, fetch, logger: quiet });
    expect(await cache.get()).toBe(1);
    expect(await cache.get()).toBe(1);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('shares one fetch among concurrent callers', async () => {
    const fetch = source([7]);
    const cache = new SnapshotCache({ label: 't', ttlMs: 60_000, fetch, logger: quiet });
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual([7, 7, 7]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("refetches after the owner's change notice (invalidate)", async () => {
    const fetch = source([1, 2]);
    const cache = new SnapshotCache({ label: 't', ttlMs: 60_000, fetch, logger: quiet });
    expect(await cache.get()).toBe(1);
    cache.invalidate();
    expect(await cache.get()).toBe(2);
  });

  it('keeps using the last copy when the owner cannot be reached, and fails only without any copy', async () => {
    const cache = new SnapshotCache({ label: 't', ttlMs: 0, fetch: source([1, new Error('no answer')]), logger: quiet });
    expect(await cache.get()).toBe(1);
    expect(await cache.get()).toBe(1);
    const empty = new SnapshotCache({ label: 't', ttlMs: 0, fetch: source([new Error('no answer')]), logger: quiet });
    await expect(empty.get()).rejects.toThrow('no answer');
  });

  it('fresh(maxAge) refetches only a copy older than maxAge', async () => {
    const fetch = source([1, 2]);
    const cache = new SnapshotCache({ label: 't', ttlMs: 60_000, fetch, logger: quiet });
    await cache.get();
    expect(await cache.fresh(60_000)).toBe(1);
    expect(await cache.fresh(0)).toBe(2);
  });
});
