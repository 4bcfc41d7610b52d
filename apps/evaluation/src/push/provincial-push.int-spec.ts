/**
 * The provincial 好差评 push against real PostgreSQL + NATS and the local provincial stub (libs/testing
 * `startHaochaStub`): a rating reaches the platform once, signed; the same id twice is counted once; 5xx answers are
 * retried with back-off and visible to the supervisor meanwhile; a refusal (4xx) is kept as `rejected`; a
 * redelivered event queues nothing twice; the supervisor sends a refused one again.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, Events, Rpc, type Actor, type EvaluationSubmittedV1, type ProvincialPushBacklog } from '@yichuang/contracts';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { eventually, isoAt, publishTestEvent, serviceClockAt, startHaochaStub, startTestInfra, testRpcClient, type HaochaStub, type TestInfra } from '@yichuang/testing';
import { EvaluationEnv } from '../config.js';
import { EvaluationModule } from '../app.module.js';
import { ProvincialPlatform } from './provincial-platform.js';

let seq = 0;
const rating = (level: EvaluationSubmittedV1['level'] = 'satisfied'): EvaluationSubmittedV1 => ({
  evaluationId: randomUUID(),
  caseNo: `411523-2026-${String(++seq).padStart(6, '0')}-${process.pid}`,
  level,
  channel: 'pad',
  submittedAt: isoAt('2026-09-30'),
});

describe('provincial 好差评 push (real PostgreSQL + NATS, local provincial stub)', () => {
  let infra: TestInfra;
  let stub: HaochaStub;
  let app: INestMicroservice;
  let rpc: RpcClient;
  const backlog = () => rpc.request(Rpc.evaluation.pushBacklog, {}, { actor: { username: 'supervisor1', roles: ['supervisor'] } }) as Promise<ProvincialPushBacklog>;
  const atStub = (id: string) => stub.records().filter((r) => r.id === id);

  beforeAll(async () => {
    infra = await startTestInfra();
    stub = await startHaochaStub();
    const env = loadEnv(EvaluationEnv, {
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      LOG_LEVEL: 'error',
      HAOCHA_PUSH_URL: stub.url,
      HAOCHA_APP_ID: stub.appId,
      HAOCHA_APP_SECRET: stub.secret,
      HAOCHA_PUSH_INTERVAL_MS: '100',
      HAOCHA_RETRY_BASE_MS: '50',
      HAOCHA_RETRY_MAX_MS: '200',
      ...serviceClockAt(isoAt('2026-09-30')),
    });
    app = await runService('evaluation', env, EvaluationModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await stub?.close();
    await infra?.stop();
  });

  it('pushes a rating once, signed, with its national score; the backlog counts it pushed', async () => {
    const data = rating('very_dissatisfied');
    const e = await publishTestEvent(infra.natsUrl, Events.evaluationSubmitted, data);
    await eventually(async () => atStub(e.id).length === 1);
    expect(atStub(e.id)[0]).toMatchObject({ kind: 'rating', requests: 1, data: { ratingId: data.evaluationId, caseNo: data.caseNo, level: 'very_dissatisfied', score: 1, channel: 'pad' } });
    await eventually(async () => (await backlog()).pushed >= 1);
    const b = await backlog();
    expect(b.enabled).toBe(true);
    expect(b.items.some((i) => i.id === e.id)).toBe(false);
  });

  it('queues a redelivered event once, and the platform counts the same id twice once', async () => {
    const data = rating();
    const id = randomUUID();
    await publishTestEvent(infra.natsUrl, Events.evaluationSubmitted, data, { id, msgId: randomUUID() });
    await publishTestEvent(infra.natsUrl, Events.evaluationSubmitted, data, { id, msgId: randomUUID() });
    await eventually(async () => atStub(id).length === 1);
    // the row is marked pushed after the platform's answer arrives: wait for that commit, then it must be the only row
    const pushedRows = async () => (await app.get(DataSource).query(`SELECT status, attempts FROM push_outbox WHERE id = $1`, [id])) as { status: string; attempts: number }[];
    await eventually(async () => (await pushedRows()).some((r) => r.status === 'pushed'));
    expect(await pushedRows()).toEqual([{ status: 'pushed', attempts: 1 }]);
    // at-least-once: a second push of the same record (as after a crash before the commit) is accepted, counted once
    const platform = app.get(ProvincialPlatform);
    expect(await platform.push({ id, kind: 'rating', occurredAt: data.submittedAt, data: {} })).toEqual({ outcome: 'accepted' });
    expect(atStub(id)).toHaveLength(1);
    expect(atStub(id)[0]?.requests).toBe(2);
  });

  it('retries 5xx answers with back-off, showing the item failing meanwhile, then pushes it', async () => {
    stub.failNext(1_000_000, 503);
    const e = await publishTestEvent(infra.natsUrl, Events.evaluationSubmitted, rating());
    const failing = await eventually(async () => {
      const b = await backlog();
      const item = b.items.find((i) => i.id === e.id);
      return item && item.attempts >= 3 ? { b, item } : null;
    });
    expect(failing.b.failing).toBeGreaterThanOrEqual(1);
    expect(failing.item).toMatchObject({ kind: 'rating', status: 'pending' });
    expect(failing.item.lastError).toContain('HTTP 503');
    expect(failing.item.nextAttemptAt).toBeDefined();
    stub.failNext(0);
    await eventually(async () => atStub(e.id).length === 1);
    await eventually(async () => !(await backlog()).items.some((i) => i.id === e.id));
    expect(atStub(e.id)[0]?.requests).toBe(1);
  });

  it('keeps a refusal (4xx) as rejected, not retried, visible to the supervisor', async () => {
    stub.failNext(1, 400);
    const e = await publishTestEvent(infra.natsUrl, Events.evaluationSubmitted, rating());
    const item = await eventually(async () => (await backlog()).items.find((i) => i.id === e.id && i.status === 'rejected'));
    expect(item).toMatchObject({ attempts: 1 });
    expect(item.lastError).toContain('HTTP 400');
    expect((await backlog()).rejected).toBeGreaterThanOrEqual(1);
    expect(atStub(e.id)).toHaveLength(0);

    // the province fixed its side: the supervisor sends it again now; it is pushed once, its attempts kept
    const retry = (id: string, roles: Actor['roles'] = ['supervisor']) => rpc.request(Rpc.evaluation.pushRetry, { id }, { actor: { username: 'supervisor1', roles } });
    expect((await retry(e.id, ['clerk']).catch((err: AppError) => err))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await retry(e.id)).toMatchObject({ id: e.id, status: 'pending', attempts: 1 });
    await eventually(async () => atStub(e.id).length === 1);
    await eventually(async () => !(await backlog()).items.some((i) => i.id === e.id));
    expect((await retry(e.id).catch((err: AppError) => err))).toMatchObject({ code: 'CONFLICT' });
    expect((await retry(randomUUID()).catch((err: AppError) => err))).toMatchObject({ code: 'NOT_FOUND' });
  });
});
