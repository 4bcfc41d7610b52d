import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Events, Rpc, type CalendarSnapshot } from '@yichuang/contracts';
import { WorkingCalendar } from '@yichuang/domain';
import { RpcClient } from '../rpc/rpc-client.js';
import { NATS_CONNECTION, type NatsConnection } from '../bus/tokens.js';
import type { Subscription } from '@nats-io/transport-node';

const TTL_MS = 60_000;

/**
 * The admin-owned working-day calendar, for services that compute deadlines. Fetched over NATS from
 * the admin service and cached for a minute; when admin cannot be reached the last copy is used.
 * Every instance also listens (plain NATS, not a shared durable consumer) to `calendar.changed`, so an
 * administrator's change is seen at once by all of them.
 */
@Injectable()
export class CalendarClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CalendarClient');
  private cached?: { at: number; snapshot: CalendarSnapshot; calendar: WorkingCalendar };
  private inflight?: Promise<WorkingCalendar>;

  private subscription?: Subscription;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.nc.subscribe(Events.calendarChanged.subject, { callback: () => this.invalidate() });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  async calendar(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.calendar;
    this.inflight ??= this.refresh().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  async version(): Promise<number> {
    await this.calendar();
    return this.cached?.snapshot.version ?? 0;
  }


  /** Refresh on next use, keeping the current copy as the fallback if admin does not answer. */
  invalidate(): void {
    if (this.cached) this.cached = { ...this.cached, at: 0 };
  }

  private async refresh(): Promise<WorkingCalendar> {
    try {
      const snapshot = await this.rpc.request(Rpc.admin.getCalendar, {}, { timeoutMs: 5000 });
      this.cached = { at: Date.now(), snapshot, calendar: new WorkingCalendar(snapshot) };
      return this.cached.calendar;
    } catch (err) {
      if (this.cached) {
        this.logger.warn(`calendar refresh failed, using the copy of version ${this.cached.snapshot.version}: ${(err as Error).message}`);
        return this.cached.calendar;
      }
      throw err;
    }
  }
}
