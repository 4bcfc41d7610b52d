import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { AppError, Events, Rpc, type Actor, type AuditFactV1, type AuditPage } from '@yichuang/contracts';
import { Clock, loadEnv, requestContext, runService, verifyAuditChain, type ChainedRecord, type RpcClient } from '@yichuang/platform';
import { eventually, isoAt, publishTestEvent, serviceClockAt, startTestInfra, testRpcClient, type TestInfra } from '@yichuang/testing';
import { AdminEnv } from '../config.js';
import { AdminModule } from '../app.module.js';
import { AuditService } from './audit.service.js';

const PASSWORD = 'test-password';
const START = isoAt('2026-03-02');
const supervisor: Actor = { username: 'supervisor1', roles: ['supervisor'] };
const clerk: Actor = { username: 'clerk1', roles: ['clerk'], window: 'W01' };

describe('the audit trail: appended, chained, queried, pruned (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let db: pg.Client;

  const page = (q: Record<string, unknown> = {}, actor: Actor = supervisor) => rpc.request(Rpc.admin.listAudit, q, { actor });

  async function chain(): Promise<ChainedRecord[]> {
    const rows = await db.query(
      `SELECT seq::text AS seq, at, actor, roles, client_address, action, object_type, object_id, outcome, correlation_id, source, event_id::text AS event_id, prev_hash, hash
       FROM admin.audit_record r ORDER BY r.seq`,
    );
    return rows.rows.map((r) => ({
      seq: r.seq, at: new Date(r.at).toISOString(), actor: r.actor, roles: r.roles, clientAddress: r.client_address, action: r.action,
      objectType: r.object_type, objectId: r.object_id, outcome: r.outcome, correlationId: r.correlation_id, source: r.source,
      eventId: r.event_id, prevHash: r.prev_hash, hash: r.hash,
    }));
  }

  async function checkpoint(): Promise<{ seq: string; hash: string } | undefined> {
    return (await db.query(`SELECT seq::text AS seq, hash FROM admin.audit_checkpoint c ORDER BY c.seq DESC LIMIT 1`)).rows[0];
  }

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(AdminEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, DEMO_DATA: 'true', LOG_LEVEL: 'error', DEMO_PASSWORD: PASSWORD, ...serviceClockAt(START) });
    app = await runService('admin', env, AdminModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
    db = new pg.Client({ connectionString: infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('refuses a retention shorter than six months', () => {
    expect(() => loadEnv(AdminEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, AUDIT_RETENTION_DAYS: '182' })).toThrow(/AUDIT_RETENTION_DAYS/);
  });

  it("records admin's own logins (good and failed, the username tried as the actor) with the client's address, and nothing for reads", async () => {
    const correlationId = randomUUID();
    await requestContext.run({ correlationId, clientAddress: '10.0.0.21' }, async () => {
      await rpc.request(Rpc.admin.verifyLogin, { username: 'clerk1', password: PASSWORD });
      await expect(rpc.request(Rpc.admin.verifyLogin, { username: 'clerk1', password: 'wrong' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
      await rpc.request(Rpc.admin.listItems, {});
    });
    const { items } = await page({ actor: 'clerk1' });
    expect(items.map((r) => [r.action, r.outcome])).toEqual([
      [Rpc.admin.verifyLogin.subject, 'INVALID_CREDENTIALS'],
      [Rpc.admin.verifyLogin.subject, 'ok'],
    ]);
    expect(items[1]).toMatchObject({ actor: 'clerk1', roles: ['clerk'], clientAddress: '10.0.0.21', correlationId, source: 'admin', at: expect.stringMatching(/^2026-03-02T02:/) });
    expect(items[0]).toMatchObject({ roles: [], objectType: 'account', objectId: 'clerk1' });
    // a username that is a phone number is not stored in clear
    await expect(rpc.request(Rpc.admin.verifyLogin, { username: '13812345678', password: 'wrong' })).rejects.toBeInstanceOf(AppError);
    const all = await chain();
    expect(JSON.stringify(all)).not.toContain('13812345678');
    expect(all.find((r) => r.actor === '138****5678')).toMatchObject({ outcome: 'INVALID_CREDENTIALS' });
    expect(all.some((r) => r.action === Rpc.admin.listItems.subject)).toBe(false);
  });

  it("appends the other services' facts once each (idempotent by event id), in one linear chain", async () => {
    const fact: AuditFactV1 = {
      at: isoAt('2026-03-02', '10:05'), actor: 'clerk1', roles: ['clerk'], clientAddress: '10.0.0.21', action: Rpc.intake.accept.subject,
      objectType: 'application', objectId: randomUUID(), outcome: 'ok', correlationId: randomUUID(),
    };
    const id = randomUUID();
    const eventId = randomUUID();
    await publishTestEvent(infra.natsUrl, Events.intakeAuditRecorded, { facts: [{ ...fact, id }] }, { id: eventId, source: 'intake' });
    // the same event again, past JetStream's de-duplication: the inbox (and the unique fact id) keep it once
    await publishTestEvent(infra.natsUrl, Events.intakeAuditRecorded, { facts: [{ ...fact, id }] }, { id: eventId, source: 'intake', msgId: randomUUID() });
    // 20 facts in 6 events of several facts each, on two subjects
    await Promise.all(
      [0, 1, 2, 3, 4, 5].map((e) =>
        publishTestEvent(
          infra.natsUrl,
          e % 2 ? Events.reviewAuditRecorded : Events.certificateAuditRecorded,
          { facts: Array.from({ length: e < 4 ? 4 : 2 }, (_, i) => ({ ...fact, id: randomUUID(), action: Rpc.review.decide.subject, objectId: `task-${e}-${i}` })) },
          { source: 'spoofed' },
        ),
      ),
    );
    // an invalid one (no facts) is parked, not appended
    await publishTestEvent(infra.natsUrl, Events.reviewAuditRecorded, { facts: [] }, { source: 'review' });
    await eventually(async () => (await page({ action: Rpc.review.decide.subject, limit: 50 })).items.length === 20);
    const accepted = await eventually(async () => (await page({ objectId: fact.objectId })).items);
    expect(accepted).toHaveLength(1);
    expect(accepted[0]).toMatchObject({ source: 'intake', eventId: id, actor: 'clerk1', outcome: 'ok', at: new Date(fact.at).toISOString() });
    // the source is the subject's service, whatever the envelope claims
    expect(new Set((await page({ action: Rpc.review.decide.subject })).items.map((r) => r.source))).toEqual(new Set(['review', 'certificate']));
    // the facts of one event are consecutive, in the event's order
    const c = await chain();
    for (let e = 0; e < 6; e++) {
      const seqs = c.filter((r) => r.objectId?.startsWith(`task-${e}-`)).map((r) => [Number(r.seq), r.objectId]);
      expect(seqs.map(([, o]) => o)).toEqual(seqs.map((_, i) => `task-${e}-${i}`));
      expect(seqs.every(([q], i) => q === Number(seqs[0]?.[0]) + i)).toBe(true);
    }
    expect(verifyAuditChain(c)).toMatchObject({ ok: true, count: 21 + 3 });
    await eventually(async () => (await db.query(`SELECT 1 FROM admin.dead_letter WHERE consumer = 'admin__review-audit-recorded-v1'`)).rowCount === 1);
  });

  it('answers newest first with filters and a cursor, to the supervisor and the administrator only', async () => {
    const first: AuditPage = await page({ limit: 5 });
    expect(first.items).toHaveLength(5);
    const seqs = first.items.map((r) => Number(r.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const second = await page({ limit: 5, cursor: first.nextCursor });
    expect(Number(second.items[0]?.seq)).toBe(Math.min(...seqs) - 1);
    expect((await page({ from: '2026-03-03' })).items).toEqual([]);
    expect((await page({ from: '2026-03-02', to: '2026-03-02', outcome: 'INVALID_CREDENTIALS' })).items.length).toBeGreaterThanOrEqual(2);
    await expect(page({}, clerk)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rpc.request(Rpc.admin.listAudit, {})).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE of records and checkpoints', async () => {
    await expect(db.query(`UPDATE admin.audit_record SET outcome = 'ok' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM admin.audit_record WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE admin.audit_record`)).rejects.toThrow(/append-only/);
    await expect(db.query(`TRUNCATE admin.audit_checkpoint`)).rejects.toThrow(/append-only/);
  });

  it('prunes the records older than the retention from the head, with a checkpoint the rest verifies from', async () => {
    const service = app.get(AuditService);
    const clock = app.get(Clock);
    expect(await service.prune()).toEqual({ pruned: 0 });
    const before = await chain();
    // 183 days later a few new records; everything before is older than the retention
    clock.set(new Date(Date.parse(START) + 184 * 86_400_000));
    await requestContext.run({ correlationId: randomUUID(), clientAddress: '10.0.0.22' }, () => rpc.request(Rpc.admin.verifyLogin, { username: 'admin', password: PASSWORD }));
    const result = await service.prune();
    const last = before[before.length - 1];
    expect(result.pruned).toBeGreaterThanOrEqual(before.length);
    const cp = await checkpoint();
    expect(cp?.seq).toBe(result.checkpoint);
    const rest = await chain();
    expect(rest.every((r) => Number(r.seq) > Number(last?.seq))).toBe(true);
    expect(verifyAuditChain(rest, cp)).toMatchObject({ ok: true, count: rest.length });
    // without the checkpoint the head is missing
    expect(verifyAuditChain(rest).ok).toBe(false);
    // appending goes on after the pruned head
    await rpc.request(Rpc.admin.verifyLogin, { username: 'admin', password: PASSWORD });
    expect(verifyAuditChain(await chain(), cp)).toMatchObject({ ok: true, count: rest.length + 1 });
  });
});
