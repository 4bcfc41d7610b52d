import http from 'node:http';
import type { LoggerService } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { NatsConnection } from '../bus/tokens.js';

/**
 * The orchestrator's probes (Kubernetes, compose), on a port of their own (`HEALTH_PORT`) so that a service that
 * speaks only NATS has them too, and the gateway's are not its public API:
 * - `GET /livez`: 200 while the process answers at all (the event loop turns); a restart is the cure for nothing else;
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
