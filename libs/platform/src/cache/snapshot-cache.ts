import type { Logger } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';

/**
 * A copy of data another service owns (the admin's calendar, its catalogue), fetched over NATS and kept for
 * `ttlMs`. Every instance also listens — a plain NATS subscription, not a shared durable consumer — to the
 * owner's `…changed` event, so an administrator's change is seen at once by all of them; the TTL only bounds
 * how stale a copy can get if that message is missed. When the owner cannot be reached, the last copy is used.
 * Concurrent callers share one fetch.
 */
export class SnapshotCache<T> {
  /** `at`: when the copy was fetched, by `performance.now()` (monotonic: a copy's age is elapsed time, not a date) */
  private cached?: { at: number; value: T };
  private inflight?: Promise<T>;
  private subscription?: Subscription;

  constructor(
    private readonly o: { label: string; ttlMs: number; fetch: () => Promise<T>; logger: Logger; describe?: (value: T) => string },
  ) {}

  /** Listen to the owner's change event (call once, at bootstrap). */
  listen(nc: NatsConnection, changedSubject: string): void {
    this.subscription = nc.subscribe(changedSubject, { callback: () => this.invalidate() });
  }

  close(): void {
    this.subscription?.unsubscribe();
  }

  async get(): Promise<T> {
    if (this.cached && performance.now() - this.cached.at < this.o.ttlMs) return this.cached.value;
    return this.refresh();
  }

  /** Fetch now unless a copy younger than `maxAgeMs` is held (e.g. after a miss in the copy). */
  async fresh(maxAgeMs: number): Promise<T> {
    if (this.cached && performance.now() - this.cached.at < maxAgeMs) return this.cached.value;
    return this.refresh();
  }

  /** Refresh on next use, keeping the current copy as the fallback if the owner does not answer. */
  invalidate(): void {
    if (this.cached) this.cached = { ...this.cached, at: Number.NEGATIVE_INFINITY };
  }

  private refresh(): Promise<T> {
    this.inflight ??= this.load().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async load(): Promise<T> {
    try {
      const value = await this.o.fetch();
      this.cached = { at: performance.now(), value };
      return value;
    } catch (err) {
      if (this.cached) {
        const which = this.o.describe ? ` (${this.o.describe(this.cached.value)})` : '';
        this.o.logger.warn(`${this.o.label} refresh failed, using the last copy${which}: ${(err as Error).message}`);
        return this.cached.value;
      }
      throw err;
    }
  }
}
