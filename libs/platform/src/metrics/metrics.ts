import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics of this process (`prom-client`), served as `GET /metrics` on the probe port (`HEALTH_PORT`,
 * deploy/README.md: every app has its own; scrape each pod). Names and labels follow Prometheus conventions (base units,
 * `_total` counters, `_seconds` histograms); labels carry subjects, routes, consumers, departments, states — never a
 * person, a case number or anything a person typed.
 */
export const metricsRegistry = new Registry();

let defaultsFor: string | undefined;

/** process metrics (CPU, memory, event-loop lag, GC) and the `service` label on every series; once per process */
export function startProcessMetrics(service: string): void {
  if (defaultsFor) return;
  defaultsFor = service;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'yc_' });
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** every RPC request a service answered: the subject and `ok` or the error code */
export const rpcServerDuration = new Histogram({
  name: 'yc_rpc_server_duration_seconds',
  help: 'NATS requests answered by this service, by subject and outcome (ok or the error code)',
  labelNames: ['subject', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** every HTTP request the gateway answered: the route's pattern (never the path with its ids) and the status */
export const httpRequestDuration = new Histogram({
  name: 'yc_http_request_duration_seconds',
  help: 'HTTP requests answered by the gateway, by method, route pattern and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** what each durable consumer did with the events delivered to it */
export const eventsConsumed = new Counter({
  name: 'yc_events_consumed_total',
  help: 'Events delivered to a durable consumer, by consumer and outcome (handled, duplicate, retried, dead_letter, invalid)',
  labelNames: ['consumer', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** deliveries after the first (JetStream redelivered: no ack in time, or a nak) */
export const eventsRedelivered = new Counter({
  name: 'yc_events_redelivered_total',
  help: 'Deliveries of an event to a consumer after its first',
  labelNames: ['consumer'] as const,
  registers: [metricsRegistry],
});

/**
 * A gauge whose values are read when Prometheus scrapes (a database count, a consumer's state): `read` answers the
 * current value per label set; a failing read leaves the gauge empty for that scrape, it does not fail the scrape.
 */
export function scrapedGauge<L extends string>(name: string, help: string, labelNames: readonly L[], read: () => Promise<{ labels: Record<L, string>; value: number }[]>): Gauge<L> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) metricsRegistry.removeSingleMetric(name);
  return new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect() {
      this.reset();
      try {
        for (const { labels, value } of await read()) this.set(labels as never, value);
      } catch {
        // the source is down (the readiness probe says so); this scrape has no value for it
      }
    },
  });
}
