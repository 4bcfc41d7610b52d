import { Injectable, Logger } from '@nestjs/common';
import { Rpc, type CalendarSnapshot } from '@yichuang/contracts';
import { WorkingCalendar } from '@yichuang/domain';
import { RpcClient } from '../rpc/rpc-client.js';

const TTL_MS = 60_000;

/**
 * The admin-owned working-day calendar, for services that compute deadlines. Fetched over NATS from
 * the admin service and cached for a minute; when admin cannot be reached the last copy is used.
 */
@Injectable()
export class CalendarClient {
  private readonly logger = new Logger('CalendarClient');
  private cached?: { at: number; snapshot: CalendarSnapshot; calendar: WorkingCalendar };
  private inflight?: Promise<WorkingCalendar>;

  constructor(private readonly rpc: RpcClient) {}

  async calendar(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.at < TTL_MS) return this.cached.calendar;
    this.inflight ??= this.refresh().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  async version(): Promise<number> {
    await this.calendar();
    return this.cached?.snapshot.version ?? 0;
  }


  invalidate(): void {
    this.cached = undefined;
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
