import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { MessageEvent } from '@nestjs/common';
import { interval, map, merge, Observable, Subject, filter } from 'rxjs';
import type { Actor } from '@yichuang/contracts';
import { NATS_CONNECTION, type NatsConnection } from '@yichuang/platform';
import { UPDATE_SOURCES, updatesOf, visibleTo, type Update } from './updates.js';

/** a comment-free keep-alive: proxies close a stream silent for a minute */
const PING_MS = 25_000;

/**
 * The push channel's source (GET /api/v1/updates): one plain NATS subscription per event subject for the whole
 * gateway — not a JetStream consumer: a terminal that misses an update while disconnected reads the API when it
 * reconnects, so nothing here needs to be durable or acknowledged —, each event turned into id-only updates
 * (`updates.ts`) and handed to the streams of those who may see them.
 */
@Injectable()
export class UpdatesFeed implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('UpdatesFeed');
  private readonly updates = new Subject<Update>();
  private readonly subs: { unsubscribe(): void }[] = [];

  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  onApplicationBootstrap(): void {
    for (const subject of Object.keys(UPDATE_SOURCES)) {
      const sub = this.nc.subscribe(subject);
      this.subs.push(sub);
      void (async () => {
        try {
          for await (const m of sub) {
            try {
              for (const u of updatesOf(m.subject, m.json())) this.updates.next(u);
            } catch (err) {
              this.logger.warn(`an event on ${m.subject} could not be read: ${(err as Error).message}`);
            }
          }
        } catch (err) {
          // e.g. a NATS user not permitted to subscribe (deploy/nats): the terminals then refresh by hand, the API is unharmed
          this.logger.error(`no updates from ${subject}: ${(err as Error).message}`);
        }
      })();
    }
  }

  onApplicationShutdown(): void {
    for (const s of this.subs) s.unsubscribe();
    this.updates.complete();
  }

  /** the stream of one terminal: its updates as SSE events (`task`, `case`), and a `ping` now and then */
  streamFor(actor: Actor): Observable<MessageEvent> {
    return merge(
      this.updates.pipe(
        filter((u) => visibleTo(u, actor)),
        map((u) => ({ type: u.kind, data: u })),
      ),
      interval(PING_MS).pipe(map(() => ({ type: 'ping', data: {} }))),
    );
  }
}
