import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AppError,
  Events,
  healthSubject,
  Rpc,
  rpc as rpcDef,
  type Actor,
  type CalendarSnapshot,
  type CaseAcceptedV1,
  type CaseItemPayload,
} from '@yichuang/contracts';
import { clockSubject, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aCaseAccepted, aCaseItem, aCaseNo, eventually, fakeRpcService, isoAt, publishTestEvent, readEvents, serviceClockAt, startTestInfra, testRpcClient, type TestInfra } from '@yichuang/testing';
import { ReviewEnv } from './config.js';
import { ReviewModule } from './app.module.js';

const zrzy1: Actor = { username: 'zrzy1', roles: ['reviewer'], department: 'ZRZY' };
const zrzy2: Actor = { username: 'zrzy2', roles: ['reviewer'], department: 'ZRZY' };
const fgw1: Actor = { username: 'fgw1', roles: ['reviewer'], department: 'FGW' };
const clerk1: Actor = { username: 'clerk1', roles: ['clerk'], window: 'W01' };
const homeless: Actor = { username: 'nodept', roles: ['reviewer'] };

/**
 * What the admin service answers on `calendar.get`, for the days this suite uses: the 2025 National Day
 * and Mid-Autumn holiday (Oct 1–8 off; Sunday Sep 28 and Saturday Oct 11 worked), per the State Council's
 * 2025 notice. A partial year, on purpose: the suite never computes outside Sep–Oct 2025.
 */
const SNAPSHOT: CalendarSnapshot = {
  version: 7,
  years: [2025],
  holidays: ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2025-10-${d}`, name: '国庆节、中秋节' })),
  makeUpWorkdays: [
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
};



/** A case accepted on Thursday 2025-09-25: the clock counts from the next working day. */
function caseAccepted(caseNo: string): CaseAcceptedV1 {
  return aCaseAccepted(caseNo, '2025-09-25', [
    // 10 working days after 09-25: 09-26, 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13, 10-14, 10-15
    item('ZRZY-001', 'promised', ['ZRZY', '自然资源局'], 10, '2025-10-15'),
    // 5 working days: … 10-09
    item('FGW-001', 'promised', ['FGW', '发展和改革委员会'], 5, '2025-10-09'),
    item('FGW-002', 'instant', ['FGW', '发展和改革委员会'], 0, '2025-09-25'),
  ]);
}

const item = (code: string, kind: CaseItemPayload['kind'], dept: [string, string], promisedDays: number, dueDate: string): CaseItemPayload =>
  aCaseItem(code, dept, promisedDays, dueDate, kind);

describe('review service over NATS (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let ds: DataSource;
  let admin: ReturnType<typeof fakeRpcService> | undefined;
  const caseNo = aCaseNo(2025);
  const setToday = (date: string) =>
    rpc.request(rpcDef<{ now?: string }, { now: string; today: string }>(clockSubject('review'), null), { now: `${date}T02:00:00.000Z` });
  const tasksIn = async (c: string) => ((await ds.query(`SELECT count(*)::int AS n FROM review_task WHERE case_no = $1`, [c])) as { n: number }[])[0]?.n ?? 0;
  const errorOf = async (p: Promise<unknown>) => (await p.then(() => undefined).catch((e: unknown) => e)) as AppError;
  const taskOf = async (itemCode: string) => {
    const t = (await rpc.request(Rpc.review.tasksOfCase, { caseNo })).find((x) => x.itemCode === itemCode);
    if (!t) throw new Error(`no task for ${itemCode}`);
    return t;
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(ReviewEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', ...serviceClockAt(isoAt('2025-09-25')) });
    app = await runService('review', env, ReviewModule.forRoot(env));
    ds = app.get(DataSource);
    rpc = testRpcClient(infra.natsUrl);
    nc = await connect({ servers: infra.natsUrl });
    await setToday('2025-09-26');
  });

  afterAll(async () => {
    await admin?.sub.drain();
    await nc?.close();
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('creates one task per promised item of an accepted case, and one tasksCreated event', async () => {
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo), { source: 'intake' });
    await eventually(async () => (await tasksIn(caseNo)) === 2);
    const rows = (await ds.query(
      `SELECT item_code, department_code, department_name, promised_days, start_date, due_date, status FROM review_task WHERE case_no = $1 ORDER BY item_code`,
      [caseNo],
    )) as Record<string, unknown>[];
    expect(rows).toEqual([
      { item_code: 'FGW-001', department_code: 'FGW', department_name: '发展和改革委员会', promised_days: 5, start_date: '2025-09-25', due_date: '2025-10-09', status: 'pending' },
      { item_code: 'ZRZY-001', department_code: 'ZRZY', department_name: '自然资源局', promised_days: 10, start_date: '2025-09-25', due_date: '2025-10-15', status: 'pending' },
    ]);
    const created = await eventually(async () => {
      const evs = (await readEvents(infra.natsUrl, Events.tasksCreated)).filter((e) => e.data.caseNo === caseNo);
      return evs.length > 0 ? evs : null;
    });
    expect(created).toHaveLength(1);
    expect(created[0]?.source).toBe('review');
    expect(created[0]?.data.tasks.map((t) => [t.itemCode, t.departmentCode, t.dueDate]).sort()).toEqual([
      ['FGW-001', 'FGW', '2025-10-09'],
      ['ZRZY-001', 'ZRZY', '2025-10-15'],
    ]);
    const actions = (await ds.query(
      `SELECT a.action, a.actor FROM task_action a JOIN review_task t ON t.id = a.task_id WHERE t.case_no = $1`,
      [caseNo],
    )) as { action: string; actor: string }[];
    expect(actions).toEqual([
      { action: 'created', actor: 'system' },
      { action: 'created', actor: 'system' },
    ]);
  });

  it('counts calendar days while the admin service cannot be reached and nothing is cached', async () => {
    const views = await rpc.request(Rpc.review.tasksOfCase, { caseNo });
    // 2025-09-26 → 10-15 is 19 calendar days, → 10-09 is 13
    expect(views.map((v) => [v.itemCode, v.remainingWorkingDays])).toEqual([
      ['FGW-001', 13],
      ['ZRZY-001', 19],
    ]);
  });

  it("counts working days on the admin's calendar, fetched once and cached", async () => {
    admin = fakeRpcService(nc, Rpc.admin.getCalendar, () => SNAPSHOT, 'admin');
    await nc.flush();
    const views = await rpc.request(Rpc.review.tasksOfCase, { caseNo });
    // (09-26, 10-09]: 09-28 (make-up Sunday), 09-29, 09-30, 10-09; (09-26, 10-15]: those + 10-10, 10-11 (make-up), 10-13, 10-14, 10-15
    expect(views.map((v) => [v.itemCode, v.department, v.status, v.dueDate, v.remainingWorkingDays, v.alarm, v.suspended])).toEqual([
      ['FGW-001', 'FGW', 'pending', '2025-10-09', 4, 'none', false],
      ['ZRZY-001', 'ZRZY', 'pending', '2025-10-15', 9, 'none', false],
    ]);
    expect(admin.calls()).toBe(1);
    await rpc.request(Rpc.review.tasksOfCase, { caseNo });
    await rpc.request(Rpc.review.listTasks, {}, { actor: zrzy1 });
    expect(admin.calls()).toBe(1);
  });

  it('ignores the same event delivered again (same event id, new NATS message id)', async () => {
    const again = caseAccepted(caseNo);
    const first = (await readEvents(infra.natsUrl, Events.caseAccepted)).find((e) => e.data.caseNo === caseNo);
    if (!first) throw new Error('the first event is not on the stream');
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, again, { id: first.id, msgId: `${first.id}-redelivered`, source: 'intake' });
    // and the same case under a new event id (intake re-publishing): the (case, item) key holds
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, again, { source: 'intake' });
    // a marker behind them on the same durable consumer: once it is handled, so are they
    const marker = `${caseNo}-M`;
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, { ...caseAccepted(marker), items: [item('ZRZY-009', 'promised', ['ZRZY', '自然资源局'], 3, '2025-09-30')] });
    await eventually(async () => (await tasksIn(marker)) === 1);
    expect(await tasksIn(caseNo)).toBe(2);
    // once per durable consumer of the event: the review tasks', and the commitment checks'
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM processed_event WHERE event_id = $1 AND consumer = 'review__intake-case-accepted-v1'`, [first.id])) as { n: number }[];
    expect(n).toBe(1);
    await eventually(async () => (await readEvents(infra.natsUrl, Events.tasksCreated)).some((e) => e.data.caseNo === marker));
    expect((await readEvents(infra.natsUrl, Events.tasksCreated)).filter((e) => e.data.caseNo === caseNo)).toHaveLength(1);
  });

  it("lists only the caller's department's tasks, by due date", async () => {
    const mine = await rpc.request(Rpc.review.listTasks, {}, { actor: zrzy1 });
    expect(mine.map((t) => [t.caseNo, t.itemCode])).toEqual([
      [`${caseNo}-M`, 'ZRZY-009'],
      [caseNo, 'ZRZY-001'],
    ]);
    expect(mine.every((t) => t.department === 'ZRZY')).toBe(true);
    const ofCase = await rpc.request(Rpc.review.listTasks, { caseNo, status: 'pending' }, { actor: zrzy1 });
    expect(ofCase.map((t) => t.itemCode)).toEqual(['ZRZY-001']);
    expect(await rpc.request(Rpc.review.listTasks, { status: 'approved' }, { actor: zrzy1 })).toEqual([]);
    const fgw = await rpc.request(Rpc.review.listTasks, {}, { actor: fgw1 });
    expect(fgw.map((t) => t.itemCode)).toEqual(['FGW-001']);
  });

  it('refuses the list to a non-reviewer and to a reviewer without a department', async () => {
    expect((await errorOf(rpc.request(Rpc.review.listTasks, {}, { actor: clerk1 }))).code).toBe('FORBIDDEN');
    expect((await errorOf(rpc.request(Rpc.review.listTasks, {}, { actor: homeless }))).code).toBe('FORBIDDEN');
  });

  it("hides another department's task: claim and decide answer NOT_FOUND, as for an unknown id", async () => {
    const zrzyTask = await taskOf('ZRZY-001');
    expect((await errorOf(rpc.request(Rpc.review.decide, { id: zrzyTask.id, outcome: 'approve', opinion: '同意' }, { actor: fgw1 }))).code).toBe('NOT_FOUND');
    expect((await errorOf(rpc.request(Rpc.review.claim, { id: zrzyTask.id }, { actor: fgw1 }))).code).toBe('NOT_FOUND');
    expect((await errorOf(rpc.request(Rpc.review.claim, { id: randomUUID() }, { actor: zrzy1 }))).code).toBe('NOT_FOUND');
    expect((await taskOf('ZRZY-001')).status).toBe('pending');
  });

  it('lets a reviewer claim a task once; a colleague cannot take or decide it', async () => {
    const { id } = await taskOf('ZRZY-001');
    const claimed = await rpc.request(Rpc.review.claim, { id }, { actor: zrzy1 });
    expect(claimed).toMatchObject({ id, status: 'claimed', assignee: 'zrzy1' });
    expect(await rpc.request(Rpc.review.claim, { id }, { actor: zrzy1 })).toMatchObject({ status: 'claimed', assignee: 'zrzy1' });
    expect((await errorOf(rpc.request(Rpc.review.claim, { id }, { actor: zrzy2 }))).code).toBe('CONFLICT');
    expect((await errorOf(rpc.request(Rpc.review.decide, { id, outcome: 'deny', opinion: '不同意' }, { actor: zrzy2 }))).code).toBe('CONFLICT');
  });

  it('lists every problem of a bad decision request', async () => {
    const { id } = await taskOf('ZRZY-001');
    const err = await errorOf(rpc.request(Rpc.review.decide, { id, outcome: 'maybe' } as never, { actor: zrzy1 }));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.map((d) => d.field)).toEqual(expect.arrayContaining(['outcome', 'opinion']));
    const blank = await errorOf(rpc.request(Rpc.review.decide, { id, outcome: 'approve', opinion: '   ' }, { actor: zrzy1 }));
    expect(blank.details).toEqual([{ field: 'opinion', problem: 'opinion must not be blank' }]);
  });

  it('decides: records who, when and why, publishes taskDecided, and refuses a second decision', async () => {
    const { id } = await taskOf('ZRZY-001');
    const decided = await rpc.request(Rpc.review.decide, { id, outcome: 'approve', opinion: '符合用地政策，准予许可。' }, { actor: zrzy1 });
    expect(decided).toMatchObject({ id, status: 'approved', outcome: 'approve', opinion: '符合用地政策，准予许可。', decidedBy: 'zrzy1', alarm: 'none' });
    expect(decided.decidedAt?.startsWith('2025-09-26')).toBe(true); // the service's clock

    const events = await eventually(async () => {
      const evs = (await readEvents(infra.natsUrl, Events.taskDecided)).filter((e) => e.data.taskId === id);
      return evs.length > 0 ? evs : null;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ caseNo, itemCode: 'ZRZY-001', departmentCode: 'ZRZY', outcome: 'approve', decidedBy: 'zrzy1' });

    const second = await errorOf(rpc.request(Rpc.review.decide, { id, outcome: 'deny', opinion: '再次' }, { actor: zrzy1 }));
    expect(second.code).toBe('ALREADY_DECIDED');
    expect((await errorOf(rpc.request(Rpc.review.claim, { id }, { actor: zrzy1 }))).code).toBe('ALREADY_DECIDED');
    expect((await taskOf('ZRZY-001')).opinion).toBe('符合用地政策，准予许可。');

    const actions = (await ds.query(`SELECT action, actor, note FROM task_action WHERE task_id = $1 ORDER BY seq`, [id])) as Record<string, unknown>[];
    expect(actions.map((a) => [a.action, a.actor])).toEqual([
      ['created', 'system'],
      ['claimed', 'zrzy1'],
      ['decided', 'zrzy1'],
    ]);
    expect(actions[2]?.note).toBe('准予许可：符合用地政策，准予许可。');
    expect((await readEvents(infra.natsUrl, Events.taskDecided)).filter((e) => e.data.taskId === id)).toHaveLength(1);
  });

  it('claims a pending task for the decider before deciding it (recorded)', async () => {
    const { id } = await taskOf('FGW-001');
    const denied = await rpc.request(Rpc.review.decide, { id, outcome: 'deny', opinion: '不符合产业政策，不予核准。' }, { actor: fgw1 });
    expect(denied).toMatchObject({ status: 'denied', assignee: 'fgw1', decidedBy: 'fgw1' });
    const actions = (await ds.query(`SELECT action, actor FROM task_action WHERE task_id = $1 ORDER BY seq`, [id])) as Record<string, unknown>[];
    expect(actions).toEqual([
      { action: 'created', actor: 'system' },
      { action: 'claimed', actor: 'fgw1' },
      { action: 'decided', actor: 'fgw1' },
    ]);
  });

  it('raises yellow on the due date and red once overdue, and none for decided tasks', async () => {
    await setToday('2025-09-30'); // the marker task is due today
    let marker = (await rpc.request(Rpc.review.listTasks, { caseNo: `${caseNo}-M` }, { actor: zrzy1 }))[0];
    expect(marker).toMatchObject({ remainingWorkingDays: 0, alarm: 'yellow' });
    await setToday('2025-10-01'); // a holiday, yet one day overdue
    marker = (await rpc.request(Rpc.review.listTasks, { caseNo: `${caseNo}-M` }, { actor: zrzy1 }))[0];
    expect(marker).toMatchObject({ remainingWorkingDays: -1, alarm: 'red' });
    const decided = await rpc.request(Rpc.review.tasksOfCase, { caseNo });
    expect(decided.map((t) => t.alarm)).toEqual(['none', 'none']);
  });

  it('lets exactly one of two simultaneous decisions win (row lock)', async () => {
    const marker = (await rpc.request(Rpc.review.tasksOfCase, { caseNo: `${caseNo}-M` }))[0];
    if (!marker) throw new Error('no marker task');
    const results = await Promise.allSettled([
      rpc.request(Rpc.review.decide, { id: marker.id, outcome: 'approve', opinion: '同意' }, { actor: zrzy1 }),
      rpc.request(Rpc.review.decide, { id: marker.id, outcome: 'deny', opinion: '不同意' }, { actor: zrzy1 }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect((rejected?.reason as AppError).code).toBe('ALREADY_DECIDED');
    await eventually(async () => (await readEvents(infra.natsUrl, Events.taskDecided)).some((e) => e.data.taskId === marker.id));
    expect((await readEvents(infra.natsUrl, Events.taskDecided)).filter((e) => e.data.taskId === marker.id)).toHaveLength(1);
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM task_action WHERE task_id = $1 AND action = 'decided'`, [marker.id])) as { n: number }[];
    expect(n).toBe(1);
  });

  it('answers its health check', async () => {
    const report = await rpc.request(rpcDef<Record<string, never>, { status: string; checks: Record<string, string> }>(healthSubject('review'), null), {});
    expect(report.status).toBe('up');
  });
});
