import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { jetstreamManager } from '@nats-io/jetstream';
import type { DataSource } from 'typeorm';
import { BUS_OPTIONS, EVENTS_STREAM, NATS_CONNECTION, type BusOptions, type NatsConnection } from '../bus/tokens.js';
import { scrapedGauge } from './metrics.js';

export const BUSINESS_GAUGES = Symbol('BUSINESS_GAUGES');

/**
 * A business gauge of a service (applications waiting for pre-check, open tasks by department and alarm…): a query of
 * the service's own schema answering one row per label set, with the labels' columns and a numeric `value` column.
 */
export interface BusinessGauge {
  name: string;
  help: string;
  labels: string[];
  sql: string;
}

/**
 * What every service reports of the platform under it, read at scrape time: its outbox (rows waiting, the age of the
 * oldest), its durable consumers (events waiting, delivered and not yet acknowledged), the events stream (messages,
 * bytes) and its dead letters. The alert rules in deploy/observability watch these.
 */
@Injectable()
export class PlatformMetrics implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUSINESS_GAUGES) private readonly gauges: BusinessGauge[],
    @Inject(BUS_OPTIONS) private readonly bus: BusOptions,
  ) {}

  onApplicationBootstrap(): void {
    for (const g of this.gauges) {
      scrapedGauge(g.name, g.help, g.labels, async () =>
        ((await this.ds.query(g.sql)) as Record<string, unknown>[]).map((r) => ({ labels: Object.fromEntries(g.labels.map((l) => [l, String(r[l] ?? '')])), value: Number(r['value'] ?? 0) })),
      );
    }
    const outbox = perScrape(
      async () =>
        (await this.ds.query(`SELECT count(*)::int AS n, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float AS age FROM outbox WHERE published_at IS NULL`)) as { n: number; age: number }[],
    );
    scrapedGauge('yc_outbox_waiting', 'Outbox rows committed and not yet published', [], async () => [{ labels: {}, value: (await outbox())[0]?.n ?? 0 }]);
    scrapedGauge('yc_outbox_oldest_age_seconds', 'Age of the oldest outbox row not yet published (0: none)', [], async () => [{ labels: {}, value: (await outbox())[0]?.age ?? 0 }]);
    scrapedGauge('yc_dead_letters', 'Events parked in dead_letter, by consumer', ['consumer'], async () =>
      ((await this.ds.query(`SELECT consumer, count(*)::int AS n FROM dead_letter GROUP BY consumer`)) as { consumer: string; n: number }[]).map((r) => ({ labels: { consumer: r.consumer }, value: r.n })),
    );
    const consumers = perScrape(async () => {
      const jsm = await jetstreamManager(this.nc);
      const out: { name: string; pending: number; ackPending: number }[] = [];
      const service = this.bus.service;
      for await (const c of jsm.consumers.list(EVENTS_STREAM)) {
        if (c.name.startsWith(`${service}__`)) out.push({ name: c.name, pending: c.num_pending, ackPending: c.num_ack_pending });
      }
      return out;
    });
    const stream = perScrape(async () => (await (await jetstreamManager(this.nc)).streams.info(EVENTS_STREAM)).state);
    scrapedGauge('yc_consumer_pending', "Events in the stream not yet delivered to this service's durable consumer", ['consumer'], async () =>
      (await consumers()).map((c) => ({ labels: { consumer: c.name }, value: c.pending })),
    );
    scrapedGauge('yc_consumer_ack_pending', "Events delivered to this service's durable consumer and not yet acknowledged", ['consumer'], async () =>
      (await consumers()).map((c) => ({ labels: { consumer: c.name }, value: c.ackPending })),
    );
    scrapedGauge('yc_stream_messages', 'Messages in the events stream', [], async () => [{ labels: {}, value: (await stream()).messages }]);
    scrapedGauge('yc_stream_bytes', 'Bytes in the events stream', [], async () => [{ labels: {}, value: (await stream()).bytes }]);
  }
}

/**
 * One read shared by the gauges of a scrape (the outbox's count and age, a consumer's two counts, the stream's size):
 * the gauges of one scrape are collected together, so a read younger than a second is that scrape's.
 */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = performance.now();
    if (!last || now - last.at > 1000) {
      const value = read();
      last = { at: now, value };
      // a failed read is not kept for the next gauge
      value.catch(() => (last = undefined));
    }
    return last.value;
  };
}
