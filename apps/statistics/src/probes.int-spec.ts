import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { freePort, loadEnv, runService } from '@yichuang/platform';
import { startTestInfra, type TestInfra } from '@yichuang/testing';
import { StatisticsEnv } from './config.js';
import { StatisticsModule } from './app.module.js';
import { FEED_CONSUMER } from './feed/feed.js';

/** What the orchestrator sees of a service (deploy/: Kubernetes probes, the migration Job), on a real one. */
describe('a service under an orchestrator (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  const env = (extra: Record<string, string>) => loadEnv(StatisticsEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', ...extra });

  beforeAll(async () => {
    infra = await startTestInfra();
  });

  afterAll(async () => {
    await infra?.stop();
  });

  it('MIGRATE_ONLY: migrates its schema and stops, having started nothing else', async () => {
    const e = env({ MIGRATE_ONLY: 'true' });
    await runService('statistics', e, StatisticsModule.forRoot(e));
    const db = new pg.Client({ connectionString: infra.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM statistics.migrations`);
      expect(rows[0]?.n).toBeGreaterThan(0);
    } finally {
      await db.end();
    }
    // no durable consumer was made: the feed never started
    const nc = await connect({ servers: infra.natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      await expect(jsm.consumers.info('YC_EVENTS', FEED_CONSUMER)).rejects.toThrow();
    } finally {
      await nc.close();
    }
  });

  describe('HEALTH_PORT', () => {
    let app: INestMicroservice;
    let base: string;

    beforeAll(async () => {
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const e = env({ HEALTH_PORT: String(port) });
      app = await runService('statistics', e, StatisticsModule.forRoot(e));
    });

    afterAll(async () => {
      await app?.close();
    });

    it('answers live and ready, with the checks it made', async () => {
      expect((await fetch(`${base}/livez`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'up', checks: { database: 'up', nats: 'up' } });
      expect((await fetch(`${base}/other`)).status).toBe(404);
    });

    it('is not ready without its database, and says so; still live', async () => {
      await app.get(DataSource).destroy();
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'down', checks: { database: 'down', nats: 'up' } });
      expect((await fetch(`${base}/livez`)).status).toBe(200);
    });
  });
});
