import { addDays, chinaToday } from '@yichuang/domain';

/**
 * A token bucket: at most `perSecond` tries per second over all providers of this instance (the account's
 * throughput; carriers refuse the excess with ESME_RTHROTTLED). Hand-written because it is a dozen lines and the
 * libraries (bottleneck, limiter) bring schedulers and queues this single sequential sender does not need.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    /** a monotonic millisecond clock (performance.now): only intervals are measured */
    private readonly monotonic: () => number,
  ) {
    this.tokens = perSecond;
    this.last = monotonic();
  }

  /** how long to wait (ms) before the next try; takes the token */
  take(): number {
    const t = this.monotonic();
    this.tokens = Math.min(this.perSecond, this.tokens + ((t - this.last) * this.perSecond) / 1000);
    this.last = t;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 1000) / this.perSecond);
  }
}

/** SMS already sent to one phone: in the last hour, the oldest of them, and today (China). */
export interface RecipientUsage {
  lastHour: number;
  oldestInLastHour: Date | null;
  today: number;
}

export interface RecipientLimits {
  perHour: number;
  perDay: number;
}

/**
 * Per-recipient limits (carriers block a number that receives too many SMS: typically 5 an hour, 10 a day): when
 * the next SMS to a phone may go, or null if now. Pure.
 */
export function recipientWaitUntil(now: Date, usage: RecipientUsage, limits: RecipientLimits): Date | null {
  if (usage.today >= limits.perDay) return new Date(`${addDays(chinaToday(now), 1)}T00:00:00+08:00`);
  if (usage.lastHour >= limits.perHour && usage.oldestInLastHour) return new Date(usage.oldestInLastHour.getTime() + 3_600_000);
  return null;
}

/** The start of the China day of `now` (for counting today's SMS). */
export function chinaDayStart(now: Date): Date {
  return new Date(`${chinaToday(now)}T00:00:00+08:00`);
}
