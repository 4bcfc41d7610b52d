import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Events, Rpc, type CatalogItemView, type ResolveItemsReply } from '@yichuang/contracts';
import { RpcClient } from '../rpc/rpc-client.js';
import { NATS_CONNECTION, type NatsConnection } from '../bus/tokens.js';
import { SnapshotCache } from '../cache/snapshot-cache.js';

const TTL_MS = 60_000;
/** a code missing from a copy older than this is looked up again before it is called unknown */
const MISS_REFRESH_MS = 1_000;

/**
 * The admin-owned approval-item catalogue (事项目录), for intake: the whole active catalogue under its version,
 * kept locally and refreshed at once on `catalog.changed` (see SnapshotCache), so checking an application's
 * items and materials costs no round trip to admin. The version recorded on an application is the version of
 * the copy it was checked against.
 */
@Injectable()
export class CatalogClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly cache: SnapshotCache<{ catalogVersion: number; byCode: Map<string, CatalogItemView> }>;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
  ) {
    this.cache = new SnapshotCache({
      label: 'catalogue',
      ttlMs: TTL_MS,
      logger: new Logger('CatalogClient'),
      describe: (c) => `version ${c.catalogVersion}`,
      fetch: async () => {
        const s = await this.rpc.request(Rpc.admin.catalogSnapshot, {}, { timeoutMs: 5000 });
        return { catalogVersion: s.catalogVersion, byCode: new Map(s.items.map((i) => [i.code, i])) };
      },
    });
  }

  onApplicationBootstrap(): void {
    this.cache.listen(this.nc, Events.catalogChanged.subject);
  }

  onApplicationShutdown(): void {
    this.cache.close();
  }

  /** The active items of these codes, in the order asked, and the codes that are not (active) items. */
  async resolve(codes: string[]): Promise<ResolveItemsReply> {
    let copy = await this.cache.get();
    if (codes.some((c) => !copy.byCode.has(c))) copy = await this.cache.fresh(MISS_REFRESH_MS);
    const items = codes.flatMap((c) => {
      const item = copy.byCode.get(c);
      return item ? [item] : [];
    });
    return { catalogVersion: copy.catalogVersion, items, unknown: codes.filter((c) => !copy.byCode.has(c)) };
  }
}
