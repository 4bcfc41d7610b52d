import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Events, Rpc } from '@yichuang/contracts';
import { WorkingCalendar } from '@yichuang/domain';
import { RpcClient } from '../rpc/rpc-client.js';
import { NATS_CONNECTION, type NatsConnection } from '../bus/tokens.js';
import { SnapshotCache } from '../cache/snapshot-cache.js';

const TTL_MS = 60_000;

/**
 * The admin-owned working-day calendar, for services that compute deadlines: a copy kept for a minute and
 * refreshed at once on `calendar.changed` (see SnapshotCache); when admin cannot be reached the last copy is used.
 */
@Injectable()
export class CalendarClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly cache: SnapshotCache<{ version: number; calendar: WorkingCalendar }>;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {
    this.cache = new SnapshotCache({
      label: 'calendar',
      ttlMs: TTL_MS,
      logger: new Logger('CalendarClient'),
      describe: (c) => `version ${c.version}`,
      fetch: async () => {
        const snapshot = await this.rpc.request(Rpc.admin.getCalendar, {}, { timeoutMs: 5000 });
        return { version: snapshot.version, calendar: new WorkingCalendar(snapshot) };
      },
    });
  }

  onApplicationBootstrap(): void {
    this.cache.listen(this.nc, Events.calendarChanged.subject);
  }

  onApplicationShutdown(): void {
    this.cache.close();
  }

  async calendar(): Promise<WorkingCalendar> {
    return (await this.cache.get()).calendar;
  }

  async version(): Promise<number> {
    return (await this.cache.get()).version;
  }

  /** Refresh on next use, keeping the current copy as the fallback if admin does not answer. */
  invalidate(): void {
    this.cache.invalidate();
  }
}
