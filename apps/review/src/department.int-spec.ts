/**
 * Departments' own approval systems over NATS (issue 4, point 7): the same task use cases as the HTTP path,
 * on `yc.dept.<CODE>.task.*.v1`, and the department's durable task feed `yc.dept.<CODE>.evt.task.assigned.v1`.
 * Real PostgreSQL + NATS; the second suite runs nats-server with deploy/nats/nats-server.conf.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  Events,
  Rpc,
  type CalendarSnapshot,
  type CaseAcceptedV1,
  type DepartmentReply,
  type DepartmentTaskAssignedV1,
  type EventEnvelope,
  type TaskView,
} from '@yichuang/contracts';
import { canConnect, EVENTS_STREAM, findNatsServer, freePort, loadEnv, runService } from '@yichuang/platform';
import { aCaseAccepted, aCaseItem, aCaseNo, eventually, fakeRpcService, isoAt, publishTestEvent, readEvents, serviceClockAt, natsConfPasswords, startTestInfra, testConfig, type TestInfra } from '@yichuang/testing';
import { ReviewEnv } from './config.js';
import { ReviewModule } from './app.module.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const SNAPSHOT: CalendarSnapshot = { version: 1, years: [2025, 2026], holidays: [], makeUpWorkdays: [] };



function caseAccepted(caseNo: string): CaseAcceptedV1 {
  return aCaseAccepted(caseNo, '2026-11-23', [aCaseItem('ZRZY-001', ['ZRZY', '自然资源局'], 10, '2026-12-07'), aCaseItem('FGW-001', ['FGW', '发展和改革委员会'], 5, '2026-11-30')]);
}

/** A department system's request: the parsed `{ok, data | error}` reply. */
async function ask<T = TaskView>(nc: NatsConnection, subject: string, payload: unknown): Promise<DepartmentReply<T>> {
  const m = await nc.request(subject, JSON.stringify(payload), { timeout: 10_000 });
  return m.json<DepartmentReply<T>>();
}

function data<T>(r: DepartmentReply<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.data;
}

function errorCode(r: DepartmentReply<unknown>): string | undefined {
  return r.ok ? undefined : r.error.code;
}

describe('department systems over NATS (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let zrzy: NatsConnection; // plays the ZRZY department's own approval system
  let admin: Subscription;
  const caseNo = aCaseNo(2026);
  let zrzyTaskId = '';
  let fgwTaskId = '';

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(ReviewEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', ...serviceClockAt(isoAt('2026-11-26')) });
    zrzy = await connect({ servers: infra.natsUrl });
    admin = fakeRpcService(zrzy, Rpc.admin.getCalendar, () => SNAPSHOT, 'admin').sub;
    app = await runService('review', env, ReviewModule.forRoot(env));
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo), { source: 'intake' });
  });

  afterAll(async () => {
    await admin?.drain();
    await zrzy?.close();
    await app?.close();
    await infra?.stop();
  });

  it("lists the department's tasks, and only its own", async () => {
    const tasks = await eventually(async () => {
      const r = data(await ask<TaskView[]>(zrzy, 'yc.dept.ZRZY.task.list.v1', { caseNo }));
      return r.length > 0 ? r : undefined;
    });
    expect(tasks.map((t) => [t.itemCode, t.department, t.status])).toEqual([['ZRZY-001', 'ZRZY', 'pending']]);
    zrzyTaskId = tasks[0]?.id ?? '';
    const fgw = data(await ask<TaskView[]>(zrzy, 'yc.dept.FGW.task.list.v1', { caseNo }));
    expect(fgw.map((t) => t.itemCode)).toEqual(['FGW-001']);
  });

  it("answers NOT_FOUND on another department's subject for ZRZY's task", async () => {
    expect(errorCode(await ask(zrzy, 'yc.dept.FGW.task.claim.v1', { id: zrzyTaskId }))).toBe('NOT_FOUND');
    expect(errorCode(await ask(zrzy, 'yc.dept.FGW.task.decide.v1', { id: zrzyTaskId, outcome: 'approve', opinion: '同意' }))).toBe('NOT_FOUND');
  });

  it('lists every problem of a bad payload, and refuses a non-JSON one and an unknown request', async () => {
    const r = await ask(zrzy, 'yc.dept.ZRZY.task.decide.v1', { id: 'x', outcome: 'maybe', opinion: '   ', department: 'FGW', operator: 'a b' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION_FAILED');
    expect(r.error.details.map((d) => d.field).sort()).toEqual(['department', 'id', 'operator', 'opinion', 'outcome']);
    const m = await zrzy.request('yc.dept.ZRZY.task.claim.v1', 'not json', { timeout: 5000 });
    expect(errorCode(m.json())).toBe('VALIDATION_FAILED');
    expect(errorCode(await ask(zrzy, 'yc.dept.ZRZY.task.approve.v1', { id: zrzyTaskId }))).toBe('NOT_FOUND');
  });

  it('claims and decides over NATS, recording the operator, with the same event as the HTTP path', async () => {
    const claimed = data(await ask(zrzy, 'yc.dept.ZRZY.task.claim.v1', { id: zrzyTaskId, operator: 'wang.li' }));
    expect(claimed).toMatchObject({ id: zrzyTaskId, status: 'claimed', assignee: 'wang.li' });
    const decided = data(await ask(zrzy, 'yc.dept.ZRZY.task.decide.v1', { id: zrzyTaskId, outcome: 'approve', opinion: '材料齐全，准予许可。', operator: 'wang.li' }));
    expect(decided).toMatchObject({ id: zrzyTaskId, status: 'approved', outcome: 'approve', decidedBy: 'wang.li' });

    const events = await eventually(async () => {
      const all = await readEvents(infra.natsUrl, Events.taskDecided);
      const mine = all.filter((e) => e.data.taskId === zrzyTaskId);
      return mine.length > 0 ? mine : undefined;
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: Events.taskDecided.subject,
      source: 'review',
      data: { taskId: zrzyTaskId, caseNo, itemCode: 'ZRZY-001', departmentCode: 'ZRZY', outcome: 'approve', opinion: '材料齐全，准予许可。', decidedBy: 'wang.li' },
    });
  });

  it('answers ALREADY_DECIDED to a second decision', async () => {
    const again = await ask(zrzy, 'yc.dept.ZRZY.task.decide.v1', { id: zrzyTaskId, outcome: 'deny', opinion: '不同意' });
    expect(errorCode(again)).toBe('ALREADY_DECIDED');
  });

  it("records an audit fact for each state-changing department request, whatever its outcome, and none for a list", async () => {
    const recorded = async () => (await readEvents(infra.natsUrl, Events.reviewAuditRecorded)).flatMap((e) => (e.source === 'review' ? e.data.facts : []));
    const facts = await eventually(async () => {
      const mine = (await recorded()).filter((f) => f.objectId === zrzyTaskId && f.action.startsWith('yc.dept.ZRZY.'));
      return mine.length >= 3 ? mine : undefined;
    });
    expect(facts.map((f) => [f.action, f.actor, f.outcome])).toEqual([
      ['yc.dept.ZRZY.task.claim.v1', 'wang.li', 'ok'],
      ['yc.dept.ZRZY.task.decide.v1', 'wang.li', 'ok'],
      ['yc.dept.ZRZY.task.decide.v1', 'ZRZY-system', 'ALREADY_DECIDED'],
    ]);
    expect(facts[0]).toMatchObject({ roles: ['reviewer'], clientAddress: 'nats', objectType: 'task' });
    const all = await recorded();
    expect(all.some((f) => f.action.endsWith('.task.list.v1'))).toBe(false);
    // the refusals of the earlier tests are recorded too: a bad payload, FGW's subject on ZRZY's task
    expect(all.some((f) => f.action === 'yc.dept.ZRZY.task.decide.v1' && f.outcome === 'VALIDATION_FAILED')).toBe(true);
    expect(all.some((f) => f.action.startsWith('yc.dept.FGW.') && f.objectId === zrzyTaskId && f.outcome === 'NOT_FOUND')).toBe(true);
  });

  it('defaults the operator to <CODE>-system', async () => {
    const fgwTask = data(await ask<TaskView[]>(zrzy, 'yc.dept.FGW.task.list.v1', { caseNo }))[0];
    const claimed = data(await ask(zrzy, 'yc.dept.FGW.task.claim.v1', { id: fgwTask?.id }));
    expect(claimed.assignee).toBe('FGW-system');
    fgwTaskId = fgwTask?.id ?? '';
  });

  it('suspends, resumes and asks for corrections through the same use cases', async () => {
    const suspended = data(await ask(zrzy, 'yc.dept.FGW.task.suspend.v1', { id: fgwTaskId, procedure: 'expert_review', reason: '专家论证', expectedWorkingDays: 5 }));
    expect(suspended).toMatchObject({ id: fgwTaskId, status: 'suspended', suspended: true });
    expect(errorCode(await ask(zrzy, 'yc.dept.FGW.task.decide.v1', { id: fgwTaskId, outcome: 'approve', opinion: '同意' }))).toBe('INVALID_STATE');
    expect(errorCode(await ask(zrzy, 'yc.dept.ZRZY.task.resume.v1', { id: fgwTaskId }))).toBe('NOT_FOUND');
    expect(data(await ask(zrzy, 'yc.dept.FGW.task.resume.v1', { id: fgwTaskId }))).toMatchObject({ status: 'claimed', suspended: false });
    const bad = await ask(zrzy, 'yc.dept.FGW.task.request-correction.v1', { id: fgwTaskId, items: [] });
    expect(bad.ok ? [] : bad.error.details.map((d) => d.field)).toEqual(['items']);
    const waiting = data(await ask(zrzy, 'yc.dept.FGW.task.request-correction.v1', { id: fgwTaskId, items: [{ materialCode: 'FGW-001-M01', description: '可研报告缺少盖章页' }] }));
    expect(waiting.status).toBe('correction_requested');
  });

  it("feeds the department's durable consumer with its own tasks only", async () => {
    const jsm = await jetstreamManager(zrzy);
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: 'dept_zrzy_feed',
      filter_subject: 'yc.dept.ZRZY.evt.>',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
    });
    const consumer = await jetstream(zrzy).consumers.get(EVENTS_STREAM, 'dept_zrzy_feed');
    const got: { subject: string; body: EventEnvelope<DepartmentTaskAssignedV1> }[] = [];
    await eventually(async () => {
      const m = await consumer.next({ expires: 1000 });
      if (m) {
        got.push({ subject: m.subject, body: m.json() });
        m.ack();
      }
      return got.some((g) => g.body.data.caseNo === caseNo);
    });
    const mine = got.filter((g) => g.body.data.caseNo === caseNo);
    expect(mine).toHaveLength(1);
    expect(mine[0]?.subject).toBe('yc.dept.ZRZY.evt.task.assigned.v1');
    expect(mine[0]?.body).toMatchObject({
      type: 'yc.dept.ZRZY.evt.task.assigned.v1',
      source: 'review',
      data: { taskId: zrzyTaskId, caseNo, itemCode: 'ZRZY-001', itemName: 'ZRZY-001 事项', dueDate: '2026-12-07', promisedDays: 10 },
    });
    expect(typeof mine[0]?.body.id).toBe('string');
    expect(typeof mine[0]?.body.correlationId).toBe('string');
    expect(got.every((g) => g.subject.startsWith('yc.dept.ZRZY.'))).toBe(true);
  });
});

/** A real nats-server running deploy/nats/nats-server.conf (optionally edited), password `pw-<user>` for every user. */
async function startConfiguredNats(edit: (conf: string) => string = (c) => c): Promise<{ url: string; stop: () => void }> {
  const bin = findNatsServer();
  if (!bin) throw new Error('nats-server is needed for this test (apt-get install nats-server)');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-nats-dept-'));
  const port = await freePort();
  const conf = edit(readFileSync(path.join(root, 'deploy', 'nats', 'nats-server.conf'), 'utf8'))
    .replace('listen: 127.0.0.1:4222', `listen: 127.0.0.1:${port}`)
    .replace('store_dir: /var/lib/nats-server', `store_dir: "${path.join(dir, 'js')}"`);
  writeFileSync(path.join(dir, 'nats.conf'), conf);
  const env = natsConfPasswords(conf);
  const server: ChildProcess = spawn(bin, ['-c', path.join(dir, 'nats.conf')], { env: { ...testConfig.processEnv, ...env }, stdio: 'ignore' });
  for (let i = 0; i < 100 && !(await canConnect('127.0.0.1', port, 200)); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    url: `nats://127.0.0.1:${port}`,
    stop: () => {
      server.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('department systems under deploy/nats/nats-server.conf (real nats-server with its users)', () => {
  let infra: TestInfra;
  let url: string;
  let stopServer: (() => void) | undefined;
  let app: INestMicroservice;
  const conns: NatsConnection[] = [];
  const caseNo = aCaseNo(2026);

  const as = async (user: string): Promise<NatsConnection> => {
    const nc = await connect({ servers: url, user, pass: `pw-${user}` });
    conns.push(nc);
    return nc;
  };

  beforeAll(async () => {
    infra = await startTestInfra(); // its PostgreSQL database; NATS is the one below
    ({ url, stop: stopServer } = await startConfiguredNats());
    // the stream as an older version created it (domain events only): the review service must widen it
    const jsm = await jetstreamManager(await as('review'));
    await jsm.streams.add({ name: EVENTS_STREAM, subjects: ['yc.evt.>'], retention: RetentionPolicy.Limits, storage: StorageType.File });
    fakeRpcService(await as('admin'), Rpc.admin.getCalendar, () => SNAPSHOT, 'admin');

    const serviceEnv = loadEnv(ReviewEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: url, NATS_USER: 'review', NATS_PASSWORD: 'pw-review', LOG_LEVEL: 'error', ...serviceClockAt(isoAt('2026-11-26')) });
    app = await runService('review', serviceEnv, ReviewModule.forRoot(serviceEnv));
  });

  afterAll(async () => {
    for (const c of conns) await c.close().catch(() => undefined);
    await app?.close();
    stopServer?.();
    await infra?.stop();
  });

  it('widens an existing YC_EVENTS stream to the department feeds', async () => {
    const jsm = await jetstreamManager(await as('review'));
    expect((await jsm.streams.info(EVENTS_STREAM)).config.subjects).toEqual(['yc.evt.>', 'yc.dept.*.evt.>']);
  });

  it('lets dept_zrzy decide its own task through the review service, and refuses it FGW subjects', async () => {
    // intake's outbox relay, as the intake user
    const intake = await as('intake');
    const envelope: EventEnvelope<CaseAcceptedV1> = {
      id: randomUUID(),
      type: Events.caseAccepted.subject,
      source: 'intake',
      occurredAt: isoAt('2026-11-23'),
      correlationId: randomUUID(),
      data: caseAccepted(caseNo),
    };
    await jetstream(intake).publish(Events.caseAccepted.subject, JSON.stringify(envelope), { msgID: envelope.id });

    const zrzy = await as('dept_zrzy');
    const task = await eventually(async () => data(await ask<TaskView[]>(zrzy, 'yc.dept.ZRZY.task.list.v1', { caseNo }))[0]);
    const decided = data(await ask(zrzy, 'yc.dept.ZRZY.task.decide.v1', { id: task.id, outcome: 'deny', opinion: '用地性质不符，不予许可。', operator: 'li.ming' }));
    expect(decided).toMatchObject({ id: task.id, status: 'denied', decidedBy: 'li.ming' });

    await expect(zrzy.request('yc.dept.FGW.task.decide.v1', JSON.stringify({ id: task.id, outcome: 'approve', opinion: '同意' }), { timeout: 1000 })).rejects.toThrow(
      /permission/i,
    );
    await expect(zrzy.request('yc.dept.FGW.task.list.v1', '{}', { timeout: 1000 })).rejects.toThrow(/permission/i);

    // the department feed was written to the stream under the service's own credentials
    const review = await as('review');
    const jsm = await jetstreamManager(review);
    const feed = await eventually(async () => {
      const m = await jsm.streams.getMessage(EVENTS_STREAM, { last_by_subj: 'yc.dept.ZRZY.evt.task.assigned.v1' }).catch(() => null);
      return m ?? undefined;
    });
    expect(feed.json<EventEnvelope<DepartmentTaskAssignedV1>>().data).toMatchObject({ taskId: task.id, caseNo });
  });
});

/**
 * The durable feed under the users of deploy/nats: a department user may not call the JetStream API at all
 * (publish only on `yc.dept.<CODE>.>`), so its durable consumer is created by operations (or any service
 * user) and the department user is granted exactly: consumer info, pull next and ack on THAT consumer.
 * The grant is in deploy/nats/nats-server.conf (README, "Department systems").
 */
describe("a department's durable task feed under deploy/nats users", () => {
  const FEED_GRANT =
    '"yc.dept.ZRZY.>", "$JS.API.CONSUMER.INFO.YC_EVENTS.dept_zrzy_feed", "$JS.API.CONSUMER.MSG.NEXT.YC_EVENTS.dept_zrzy_feed", "$JS.ACK.YC_EVENTS.dept_zrzy_feed.>"';
  const stops: (() => void)[] = [];
  const conns: NatsConnection[] = [];
  const as = async (url: string, user: string): Promise<NatsConnection> => {
    const nc = await connect({ servers: url, user, pass: `pw-${user}` });
    conns.push(nc);
    return nc;
  };

  afterAll(async () => {
    for (const c of conns) await c.close().catch(() => undefined);
    for (const s of stops) s();
  });

  it('the deployed file does not let a department system create its own consumer', async () => {
    const { url, stop } = await startConfiguredNats();
    stops.push(stop);
    const zrzy = await as(url, 'dept_zrzy');
    await expect(zrzy.request(`$JS.API.CONSUMER.CREATE.${EVENTS_STREAM}`, '{}', { timeout: 1000 })).rejects.toThrow(/permission/i);
  });

  it('with the documented grant, the department reads and acks its feed, and nothing else', async () => {
    // the grant is in the deployed file; the replacement keeps this test meaningful if it is ever removed there
    const { url, stop } = await startConfiguredNats((c) => (c.includes('dept_zrzy_feed') ? c : c.replace('publish: ["yc.dept.ZRZY.>"]', `publish: [${FEED_GRANT}]`)));
    stops.push(stop);
    const review = await as(url, 'review');
    const jsm = await jetstreamManager(review);
    await jsm.streams.add({ name: EVENTS_STREAM, subjects: ['yc.evt.>', 'yc.dept.*.evt.>'], retention: RetentionPolicy.Limits, storage: StorageType.File });
    // operations: the department's durable consumer, filtered on its own feed
    await jsm.consumers.add(EVENTS_STREAM, { durable_name: 'dept_zrzy_feed', filter_subject: 'yc.dept.ZRZY.evt.>', ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All });
    const js = jetstream(review);
    await js.publish('yc.dept.FGW.evt.task.assigned.v1', JSON.stringify({ data: { caseNo: 'FGW-ONLY' } }));
    await js.publish('yc.dept.ZRZY.evt.task.assigned.v1', JSON.stringify({ data: { caseNo: 'ZRZY-ONE' } }));

    const zrzy = await as(url, 'dept_zrzy');
    const consumer = await jetstream(zrzy).consumers.get(EVENTS_STREAM, 'dept_zrzy_feed');
    const m = await consumer.next({ expires: 2000 });
    expect(m?.subject).toBe('yc.dept.ZRZY.evt.task.assigned.v1');
    expect(m?.json<{ data: { caseNo: string } }>().data.caseNo).toBe('ZRZY-ONE');
    await m?.ackAck();
    expect(await consumer.next({ expires: 1000 })).toBeNull();
    // no other consumer, and no way to make one reading FGW's feed
    await expect(zrzy.request(`$JS.API.CONSUMER.CREATE.${EVENTS_STREAM}`, '{}', { timeout: 1000 })).rejects.toThrow(/permission/i);
    await expect(jetstream(zrzy).consumers.get(EVENTS_STREAM, 'dept_fgw_feed')).rejects.toThrow(/permission/i);
  });
});
