/**
 * The delay before the next try of a push that failed `failures` times (1 = the first failure): doubling from
 * `baseMs`, never above `maxMs`, with up to 20% taken off at random (`random` in [0, 1)) so that a backlog built
 * during an outage does not come back all at once. Hand-written: four lines, no library needed.
 */
export function retryDelayMs(failures: number, baseMs: number, maxMs: number, random = Math.random()): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.max(1, Math.round(exp * (1 - 0.2 * random)));
}
