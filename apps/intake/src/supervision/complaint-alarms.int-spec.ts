import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Events, Rpc, type Actor, type CalendarSnapshot } from '@yichuang/contracts';
import { Clock, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { eventually, fakeRpcService, isoAt, readEvents, serviceClockAt, startTestInfra, TEST_PII_ENV, testRpcClient, type TestInfra } from '@yichuang/testing';
import { IntakeEnv } from '../config.js';
import { IntakeModule } from '../app.module.js';
import { SupervisionService } from './supervision.service.js';

const supervisor: Actor = { username: 'jc1', roles: ['supervisor'] };
const SNAPSHOT: CalendarSnapshot = { version: 1, years: [2026], holidays: [], makeUpWorkdays: [] };

describe('电子监察 of complaints: an answer deadline passed raises one alarm per complaint (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let ds: DataSource;
  const addComplaint = (id: string, due: string, status: 'open' | 'closed', handler: string | null = 'consult1') =>
    ds.query(
      `INSERT INTO consultation (id, channel, kind, topic, question, handler, due_date, status, created_by, created_at)
       VALUES ($1, 'onsite', 'complaint', $2, '窗口工作人员态度生硬', $3, $4, $5, 'consult1', $6)`,
      [id, `投诉${id.slice(0, 4)}`, handler, due, status, isoAt('2026-11-18')],
    );

  beforeAll(async () => {
    infra = await startTestInfra();
    nc = await connect({ servers: infra.natsUrl });
    fakeRpcService(nc, Rpc.admin.getCalendar, () => SNAPSHOT, 'admin');
    await nc.flush();
    const env = loadEnv(IntakeEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', ...serviceClockAt(isoAt('2026-11-25')), ...TEST_PII_ENV });
    app = await runService('intake', env, IntakeModule.forRoot(env));
    ds = app.get(DataSource);
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await nc?.close();
    await infra?.stop();
  });

  it('alarms once per open complaint past its deadline, names its handler, and lists it with the other alarms', async () => {
    const overdue = randomUUID();
    const dueToday = randomUUID();
    const closed = randomUUID();
    await addComplaint(overdue, '2026-11-24', 'open');
    await addComplaint(dueToday, '2026-11-25', 'open');
    await addComplaint(closed, '2026-11-20', 'closed');
    const sweeps = await Promise.all([app.get(SupervisionService).sweep(), app.get(SupervisionService).sweep()]);
    // red for the one past its deadline, yellow for the one on its last day
    expect(sweeps.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await app.get(SupervisionService).sweep()).toBe(0);

    const events = await eventually(async () => {
      const e = (await readEvents(infra.natsUrl, Events.alarmRaised)).filter((x) => x.data.kind === 'complaint_overdue');
      return e.length > 0 ? e : null;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ kind: 'complaint_overdue', level: 'red', consultationId: overdue, handler: 'consult1', dueDate: '2026-11-24', topic: `投诉${overdue.slice(0, 4)}` });

    const alarms = await rpc.request(Rpc.intake.listAlarms, {}, { actor: supervisor });
    expect(alarms.filter((a) => a.kind === 'complaint_overdue').map((a) => a.consultationId)).toEqual([overdue]);
    expect(alarms.filter((a) => a.kind === 'complaint_due_soon').map((a) => [a.consultationId, a.level])).toEqual([[dueToday, 'yellow']]);

    // the next day the one due today is overdue too
    app.get(Clock).set(new Date(isoAt('2026-11-26')));
    try {
      expect(await app.get(SupervisionService).sweep()).toBe(1);
    } finally {
      app.get(Clock).set(new Date(isoAt('2026-11-25')));
    }
  });

  it('takes a complaint online, routes it to a department, records its reply (who, when, text) and tells the complainant; an answered complaint is not alarmed', async () => {
    const online = await rpc.request(Rpc.intake.submitComplaintOnline, { topic: '窗口办理超时', question: '提交材料后一直无人联系', contactName: '王五', phone: '13912345670' });
    expect(online).toMatchObject({ channel: 'online', kind: 'complaint', status: 'open', dueDate: '2026-12-02', createdBy: 'public', phone: '139****5670' });
    expect(online.department).toBeUndefined();
    const reviewer: Actor = { username: 'zrzy1', roles: ['reviewer'], department: 'ZRZY' };
    const notRouted = await rpc.request(Rpc.intake.replyComplaint, { id: online.id, reply: '已核实' }, { actor: reviewer }).then(() => null, (e: unknown) => e as { code: string });
    expect(notRouted?.code).toBe('INVALID_STATE');
    const routed = await rpc.request(Rpc.intake.routeComplaint, { id: online.id, department: 'ZRZY' }, { actor: { username: 'consult1', roles: ['consultant'] } });
    expect(routed.department).toBe('ZRZY');
    const otherDept = await rpc
      .request(Rpc.intake.replyComplaint, { id: online.id, reply: '已核实' }, { actor: { username: 'fgw1', roles: ['reviewer'], department: 'FGW' } })
      .then(() => null, (e: unknown) => e as { code: string });
    expect(otherDept?.code).toBe('FORBIDDEN');
    const replied = await rpc.request(Rpc.intake.replyComplaint, { id: online.id, reply: '经核实，已督促窗口于当日办结并致歉。' }, { actor: reviewer });
    expect(replied).toMatchObject({ status: 'answered', reply: { text: '经核实，已督促窗口于当日办结并致歉。', by: 'zrzy1', at: expect.stringMatching(/^2026-11-25T02:0/) } });
    const again = await rpc.request(Rpc.intake.replyComplaint, { id: online.id, reply: '再次答复' }, { actor: reviewer }).then(() => null, (e: unknown) => e as { code: string });
    expect(again?.code).toBe('INVALID_STATE');
    const events = await eventually(async () => {
      const found = (await readEvents(infra.natsUrl, Events.complaintReplied)).filter((x) => x.data.consultationId === online.id);
      return found.length > 0 ? found : null;
    });
    expect(events.map((x) => x.data)).toEqual([
      { consultationId: online.id, topic: '窗口办理超时', department: 'ZRZY', repliedBy: 'zrzy1', repliedAt: replied.reply?.at, phone: '13912345670' },
    ]);
    const closed = await rpc.request(Rpc.intake.closeConsultation, { id: online.id, resolution: '投诉人表示满意' }, { actor: supervisor });
    expect(closed.status).toBe('closed');
    // long past its deadline, an answered or closed complaint raises nothing
    app.get(Clock).set(new Date(isoAt('2026-12-10')));
    try {
      await app.get(SupervisionService).sweep();
      const alarms = await rpc.request(Rpc.intake.listAlarms, {}, { actor: supervisor });
      expect(alarms.filter((a) => a.consultationId === online.id)).toEqual([]);
    } finally {
      app.get(Clock).set(new Date(isoAt('2026-11-25')));
    }
  });
});
