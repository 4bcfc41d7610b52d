import http from 'node:http';
import { Inject, Injectable, Logger, Optional, type BeforeApplicationShutdown, type LoggerService, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BUS_OPTIONS, NATS_CONNECTION, type BusOptions, type NatsConnection } from '../bus/tokens.js';
import { metricsRegistry, startProcessMetrics } from '../metrics/metrics.js';

export const PROBE_PORT = Symbol('PROBE_PORT');

/** A service's probe server (HEALTH_PORT), opened with the service and closed with it. */
@Injectable()
export class ProbeServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private server?: http.Server;

  constructor(
    @Inject(PROBE_PORT) private readonly port: number | undefined,
    @Inject(BUS_OPTIONS) private readonly bus: BusOptions,
    @Optional() private readonly ds?: DataSource,
    @Optional() @Inject(NATS_CONNECTION) private readonly nc?: NatsConnection,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.port) return;
    startProcessMetrics(this.bus.service);
    this.server = startProbeServer(this.port, { ...(this.ds ? { database: this.ds } : {}), ...(this.nc ? { nats: this.nc } : {}) }, new Logger('Probes'));
  }

  beforeApplicationShutdown(): void {
    this.server?.close();
    this.server?.closeAllConnections();
  }
}

/**
 * The orchestrator's probes (Kubernetes, compose), on a port of their own (`HEALTH_PORT`) so that a service that
 * speaks only NATS has them too, and the gateway's are not its public API:
 * - `GET /livez`: 200 while the process answers at all (the event loop turns); a restart is the cure for nothing else;
 * - `GET /metrics`: the process's Prometheus metrics (libs/platform/src/metrics);
 * - `GET /readyz`: 200 when this instance can do its work — its database answers `SELECT 1` within a second and its
 *   NATS connection is open — else 503 with the checks that failed (`{"status":"down","checks":{…}}`).
 * Readiness never asks other services: one service down must not take every gateway out of the load balancer.
 */
export function startProbeServer(port: number, deps: { database?: DataSource; nats?: NatsConnection }, logger: LoggerService): http.Server {
  const { database: ds, nats: nc } = deps;
  const checks = async (): Promise<Record<string, 'up' | 'down'>> => {
    const out: Record<string, 'up' | 'down'> = {};
    if (ds) {
      out['database'] = await Promise.race([
        ds.query('SELECT 1').then(
          () => 'up' as const,
          () => 'down' as const,
        ),
        new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), 1000).unref()),
      ]);
    }
    if (nc) out['nats'] = nc.isClosed() ? 'down' : 'up';
    return out;
  };
  const server = http.createServer((req, res) => {
    const reply = (status: number, body: object) => res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    if (req.method !== 'GET') return reply(405, { status: 'down' });
    if (req.url === '/livez') return reply(200, { status: 'up' });
    if (req.url === '/metrics') {
      void metricsRegistry.metrics().then(
        (text: string) => res.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(text),
        () => reply(500, { status: 'down' }),
      );
      return;
    }
    if (req.url !== '/readyz') return reply(404, { status: 'down' });
    void checks().then((c) => {
      const up = Object.values(c).every((v) => v === 'up');
      reply(up ? 200 : 503, { status: up ? 'up' : 'down', checks: c });
    });
  });
  server.on('error', (err) => logger.error(`probe server on :${port}: ${err.message}`, 'Probes'));
  // all interfaces: the orchestrator's kubelet reaches the pod's address, not its loopback
  server.listen(port, '0.0.0.0');
  server.unref();
  return server;
}
