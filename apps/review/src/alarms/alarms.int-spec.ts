import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, Events, Rpc, type Actor, type CalendarSnapshot } from '@yichuang/contracts';
import { Clock, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { eventually, fakeRpcService, isoAt, readEvents, serviceClockAt, startTestInfra, testRpcClient, type TestInfra } from '@yichuang/testing';
import { ReviewEnv } from '../config.js';
import { ReviewModule } from '../app.module.js';
import { AlarmsService } from './alarms.service.js';

const supervisor: Actor = { username: 'jc1', roles: ['supervisor'] };
const supervisor2: Actor = { username: 'jc2', roles: ['supervisor'] };
const reviewer: Actor = { username: 'zrzy1', roles: ['reviewer'], department: 'ZRZY' };

/** 2025 National Day and Mid-Autumn: Oct 1–8 off; Sunday Sep 28 and Saturday Oct 11 worked. */
const SNAPSHOT: CalendarSnapshot = {
  version: 1,
  years: [2025],
  holidays: ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2025-10-${d}`, name: '国庆节、中秋节' })),
  makeUpWorkdays: [
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
};


describe('task alarms (电子监察): durable, set-based, exactly once (real PostgreSQL + NATS, two instances)', () => {
  let infra: TestInfra;
  let a: INestMicroservice;
  let b: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  let admin: Subscription;
  let ds: DataSource;
  const ids = { open: randomUUID(), suspended: randomUUID(), decided: randomUUID(), later: randomUUID() };
  const bulk = Array.from({ length: 300 }, () => randomUUID());

  const setToday = (date: string) => {
    for (const app of [a, b]) app.get(Clock).set(new Date(`${date}T02:00:00.000Z`));
  };
  const addTask = (id: string, caseNo: string, due: string, status: string) =>
    ds.query(
      `INSERT INTO review_task (id, case_no, item_code, item_name, department_code, department_name, promised_days, start_date, due_date, status, created_at)
       VALUES ($1, $2, 'ZRZY-001', '建设用地规划许可证', 'ZRZY', '自然资源局', 10, '2025-09-25', $3, $4, $5)`,
      [id, caseNo, due, status, isoAt('2025-09-25')],
    );
  const alarmsOf = async (taskId: string) =>
    ((await ds.query(`SELECT level, remaining, due_date::text AS due FROM task_alarm WHERE task_id = $1 ORDER BY raised_at, level`, [taskId])) as {
      level: string;
      remaining: number;
      due: string;
    }[]).map((r) => `${r.level}:${r.remaining}:${r.due}`);
  const count = async (sql: string, params: unknown[] = []) => ((await ds.query(sql, params)) as { n: number }[])[0]?.n ?? -1;
  const sweepBoth = async () => {
    const [x, y] = await Promise.all([a.get(AlarmsService).sweep(), b.get(AlarmsService).sweep()]);
    return { raised: x.raised + y.raised, red: x.red + y.red, yellow: x.yellow + y.yellow };
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    nc = await connect({ servers: infra.natsUrl });
    admin = fakeRpcService(nc, Rpc.admin.getCalendar, () => SNAPSHOT, 'admin').sub;
    await nc.flush();
    const env = loadEnv(ReviewEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', INSTANCE_ID: 'review-a', ...serviceClockAt(isoAt('2025-09-25')) });
    a = await runService('review', env, ReviewModule.forRoot(env));
    const envB = loadEnv(ReviewEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', INSTANCE_ID: 'review-b', ...serviceClockAt(isoAt('2025-09-25')) });
    b = await runService('review', envB, ReviewModule.forRoot(envB));
    ds = a.get(DataSource);
    rpc = testRpcClient(infra.natsUrl);
    // Thu Oct 9 is the first working day after the holiday
    await addTask(ids.open, 'C-OPEN', '2025-10-09', 'pending');
    await addTask(ids.suspended, 'C-SUSP', '2025-10-09', 'suspended');
    await addTask(ids.decided, 'C-DONE', '2025-10-09', 'approved');
    await addTask(ids.later, 'C-LATER', '2025-10-15', 'claimed');
    for (const [i, id] of bulk.entries()) await addTask(id, `C-BULK-${i}`, '2025-10-09', i % 2 === 0 ? 'pending' : 'claimed');
  });

  afterAll(async () => {
    await admin?.drain();
    await nc?.close();
    await rpc?.onApplicationShutdown();
    await b?.close();
    await a?.close();
    await infra?.stop();
  });

  it('raises nothing while every open task has more than the threshold left', async () => {
    setToday('2025-09-26'); // Fri: 4 working days to Oct 9 (Sep 28, 29, 30, Oct 9)
    expect(await sweepBoth()).toEqual({ raised: 0, red: 0, yellow: 0 });
  });

  it('raises each yellow alarm exactly once with two instances sweeping at the same time, and its event in the outbox', async () => {
    setToday('2025-09-30'); // Tue before the holiday: 1 working day left to Oct 9
    expect(await sweepBoth()).toEqual({ raised: 301, red: 0, yellow: 301 });
    expect(await alarmsOf(ids.open)).toEqual(['yellow:1:2025-10-09']);
    expect(await alarmsOf(ids.suspended)).toEqual([]);
    expect(await alarmsOf(ids.decided)).toEqual([]);
    expect(await alarmsOf(ids.later)).toEqual([]);
    expect(await count(`SELECT count(*)::int AS n FROM task_alarm`)).toBe(301);
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE subject = $1`, [Events.taskAlarmRaised.subject])).toBe(301);
    // the holiday changes nothing, and sweeping again raises nothing
    setToday('2025-10-05');
    expect(await sweepBoth()).toEqual({ raised: 0, red: 0, yellow: 0 });
  });

  it('publishes the event with the outbox envelope', async () => {
    const evs = await eventually(async () => {
      const all = await readEvents(infra.natsUrl, Events.taskAlarmRaised);
      return all.length >= 301 ? all : null;
    });
    expect(evs).toHaveLength(301);
    const ev = evs.find((e) => e.data.taskId === ids.open);
    const [row] = (await ds.query(`SELECT id FROM task_alarm WHERE task_id = $1`, [ids.open])) as { id: string }[];
    expect(ev).toMatchObject({
      type: Events.taskAlarmRaised.subject,
      source: 'review',
      data: { alarmId: row?.id, taskId: ids.open, caseNo: 'C-OPEN', departmentCode: 'ZRZY', level: 'yellow', dueDate: '2025-10-09', remainingWorkingDays: 1 },
    });
    expect(ev?.id).toEqual(expect.stringMatching(/^[0-9a-f-]{36}$/));
    expect(ev?.data.raisedAt).toBe(ev?.occurredAt);
    expect(ev?.data.raisedAt.startsWith('2025-10-05') || ev?.data.raisedAt.startsWith('2025-09-30')).toBe(true);
  });

  it('turns red the day after the due date, once, never for suspended or decided tasks; a resumed overdue task gets only red', async () => {
    setToday('2025-10-10'); // Fri: Oct 9 overdue by 1 working day; Oct 15 has 4 left (Oct 11 is worked)
    expect(await sweepBoth()).toEqual({ raised: 301, red: 301, yellow: 0 });
    expect(await alarmsOf(ids.open)).toEqual(['yellow:1:2025-10-09', 'red:-1:2025-10-09']);
    expect(await alarmsOf(ids.suspended)).toEqual([]);
    expect(await alarmsOf(ids.decided)).toEqual([]);
    expect(await sweepBoth()).toEqual({ raised: 0, red: 0, yellow: 0 });
    await ds.query(`UPDATE review_task SET status = 'pending' WHERE id = $1`, [ids.suspended]);
    expect(await sweepBoth()).toEqual({ raised: 1, red: 1, yellow: 0 });
    expect(await alarmsOf(ids.suspended)).toEqual(['red:-1:2025-10-09']);
  });

  it('catches up after missing the moment (nobody swept for days): only the level of today, once', async () => {
    setToday('2025-10-20'); // Mon: Oct 15 overdue by 3 working days (16, 17, 20); its yellow moment passed unseen
    const [x, y] = await Promise.all([a.get(AlarmsService).sweep(), b.get(AlarmsService).sweep()]);
    expect(x.raised + y.raised).toBe(1);
    expect(await alarmsOf(ids.later)).toEqual(['red:-3:2025-10-15']);
    expect(await count(`SELECT count(*)::int AS n FROM task_alarm`)).toBe(604);
    expect(await count(`SELECT count(*)::int AS n FROM outbox WHERE subject = $1`, [Events.taskAlarmRaised.subject])).toBe(604);
  });

  it('answers over NATS: sweep, list by level, acknowledge (then off the open list), with role checks', async () => {
    expect(await rpc.request(Rpc.review.sweepAlarms, {}, { actor: supervisor })).toEqual({ raised: 0 });
    await expect(rpc.request(Rpc.review.sweepAlarms, {}, { actor: reviewer })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(rpc.request(Rpc.review.listAlarms, {}, { actor: reviewer })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const red = await rpc.request(Rpc.review.listAlarms, { level: 'red' }, { actor: supervisor });
    expect(red).toHaveLength(303);
    expect(red.every((x) => x.level === 'red' && x.kind === 'task_overdue')).toBe(true);
    const later = red.find((x) => x.taskId === ids.later);
    expect(later).toMatchObject({ caseNo: 'C-LATER', department: 'ZRZY', level: 'red' });
    expect(later?.message).toContain('超期3个工作日');
    if (!later) throw new Error('no alarm');
    const acked = await rpc.request(Rpc.review.acknowledgeAlarm, { id: later.id }, { actor: supervisor });
    expect(acked).toMatchObject({ id: later.id, acknowledgedBy: 'jc1' });
    expect(await rpc.request(Rpc.review.acknowledgeAlarm, { id: later.id }, { actor: supervisor })).toMatchObject({ acknowledgedBy: 'jc1' });
    const err = (await rpc.request(Rpc.review.acknowledgeAlarm, { id: later.id }, { actor: supervisor2 }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('CONFLICT');
    await expect(rpc.request(Rpc.review.acknowledgeAlarm, { id: randomUUID() }, { actor: supervisor })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const open = await rpc.request(Rpc.review.listAlarms, { level: 'red' }, { actor: supervisor });
    expect(open.map((x) => x.id)).not.toContain(later.id);
    const all = await rpc.request(Rpc.review.listAlarms, { level: 'red', includeAcknowledged: 'true' }, { actor: supervisor });
    expect(all.map((x) => x.id)).toContain(later.id);
    const yellow = await rpc.request(Rpc.review.listAlarms, { level: 'yellow' }, { actor: supervisor });
    expect(yellow.every((x) => x.level === 'yellow' && x.kind === 'task_due_soon')).toBe(true);
    expect(yellow).toHaveLength(301);
  });
});
