import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AppError, Events, Rpc, rpc as rpcDef, type Actor, type CalendarSnapshot, type CaseAcceptedV1, type TaskView } from '@yichuang/contracts';
import { clockSubject, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aCaseAccepted, aCaseItem, aCaseNo, eventually, fakeRpcService, isoAt, publishTestEvent, readEvents, serviceClockAt, startTestInfra, testRpcClient, type TestInfra } from '@yichuang/testing';
import { ReviewEnv } from './config.js';
import { ReviewModule } from './app.module.js';

const zrzy1: Actor = { username: 'zrzy1', roles: ['reviewer'], department: 'ZRZY' };
const zrzy2: Actor = { username: 'zrzy2', roles: ['reviewer'], department: 'ZRZY' };
const zrzyHead: Actor = { username: 'zrzy_head', roles: ['reviewer', 'department_head'], department: 'ZRZY' };
const fgw1: Actor = { username: 'fgw1', roles: ['reviewer'], department: 'FGW' };
const fgwHead: Actor = { username: 'fgw_head', roles: ['reviewer', 'department_head'], department: 'FGW' };

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


/** Accepted Thursday 2025-09-25: ZRZY 10 working days (due 10-15), FGW 5 (due 10-09). */
function caseAccepted(caseNo: string): CaseAcceptedV1 {
  return aCaseAccepted(caseNo, '2025-09-25', [aCaseItem('ZRZY-001', ['ZRZY', '自然资源局'], 10, '2025-10-15'), aCaseItem('FGW-001', ['FGW', '发展和改革委员会'], 5, '2025-10-09')]);
}

describe('review back office: special procedures, corrections, assignment, meetings (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  const setToday = (date: string) =>
    rpc.request(rpcDef<{ now?: string }, { now: string; today: string }>(clockSubject('review'), null), { now: `${date}T02:00:00.000Z` });
  const errorOf = async (p: Promise<unknown>) => (await p.then(() => undefined).catch((e: unknown) => e)) as AppError;
  const newCase = async (): Promise<{ caseNo: string; zrzy: TaskView; fgw: TaskView }> => {
    const caseNo = aCaseNo(2025);
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo), { source: 'intake' });
    const tasks = await eventually(async () => {
      const t = await rpc.request(Rpc.review.tasksOfCase, { caseNo });
      return t.length === 2 ? t : undefined;
    });
    const zrzy = tasks.find((t) => t.department === 'ZRZY');
    const fgw = tasks.find((t) => t.department === 'FGW');
    if (!zrzy || !fgw) throw new Error('tasks missing');
    return { caseNo, zrzy, fgw };
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    nc = await connect({ servers: infra.natsUrl });
    fakeRpcService(nc, Rpc.admin.getCalendar, () => SNAPSHOT, 'admin');
    // admin's configuration of sections (科室): ZRZY has two, the other departments none yet (free names)
    fakeRpcService(nc, Rpc.admin.sectionsOf, (r) => (r.department === 'ZRZY' ? [{ code: 'GH', name: '规划科', active: true, version: 0 }, { code: 'YD', name: '用地科', active: true, version: 0 }] : []), 'admin');
    const env = loadEnv(ReviewEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', ...serviceClockAt(isoAt('2025-09-25')) });
    app = await runService('review', env, ReviewModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await nc?.drain();
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('suspends across National Day and resumes with the due date moved by exactly the working days suspended', async () => {
    const { zrzy } = await newCase();
    await setToday('2025-09-26'); // Friday
    await rpc.request(Rpc.review.claim, { id: zrzy.id }, { actor: zrzy1 });
    const suspended = await rpc.request(
      Rpc.review.suspend,
      { id: zrzy.id, procedure: 'site_inspection', reason: '需组织联合踏勘', expectedWorkingDays: 3 },
      { actor: zrzy1 },
    );
    expect(suspended).toMatchObject({ status: 'suspended', suspended: true, dueDate: '2025-10-15', remainingWorkingDays: 9 });
    // a colleague cannot resume it; it cannot be decided while suspended
    expect((await errorOf(rpc.request(Rpc.review.resume, { id: zrzy.id }, { actor: zrzy2 }))).code).toBe('CONFLICT');
    expect((await errorOf(rpc.request(Rpc.review.decide, { id: zrzy.id, outcome: 'approve', opinion: '同意' }, { actor: zrzy1 }))).code).toBe('INVALID_STATE');
    expect((await errorOf(rpc.request(Rpc.review.suspend, { id: zrzy.id, procedure: 'testing', reason: 'x', expectedWorkingDays: 1 }, { actor: zrzy1 }))).code).toBe(
      'INVALID_STATE',
    );
    // frozen while paused
    await setToday('2025-09-30');
    const frozen = (await rpc.request(Rpc.review.listTasks, {}, { actor: zrzy1 })).find((t) => t.id === zrzy.id);
    expect(frozen).toMatchObject({ remainingWorkingDays: 9, dueDate: '2025-10-15' });
    // the ledger counts the open pause up to today
    const openLedger = await rpc.request(Rpc.review.ledger, { id: zrzy.id }, { actor: zrzy1 });
    expect(openLedger.days.find((d) => d.date === '2025-09-30')?.reason).toBe('paused');

    // resumed Thursday 10-09: pause 09-26..10-08 holds 4 working days (09-26, 09-28, 09-29, 09-30)
    await setToday('2025-10-09');
    const resumed = await rpc.request(Rpc.review.resume, { id: zrzy.id }, { actor: zrzy1 });
    expect(resumed).toMatchObject({ status: 'claimed', suspended: false, dueDate: '2025-10-21', remainingWorkingDays: 9 });
    const ledger = await rpc.request(Rpc.review.ledger, { id: zrzy.id }, { actor: zrzy1 });
    expect(ledger.dueDate).toBe('2025-10-21');
    const reasons = Object.fromEntries(ledger.days.map((d) => [d.date, d.reason]));
    expect(reasons).toMatchObject({ '2025-09-26': 'paused', '2025-09-27': 'rest_day', '2025-09-28': 'paused', '2025-10-01': 'holiday', '2025-10-09': 'counted' });
    expect(ledger).toMatchObject({ elapsedWorkingDays: 1, remainingWorkingDays: 9 });

    // a second procedure suspended and resumed the same day loses and double-counts nothing
    await setToday('2025-10-10');
    await rpc.request(Rpc.review.suspend, { id: zrzy.id, procedure: 'expert_review', reason: '专家论证', expectedWorkingDays: 5 }, { actor: zrzy1 });
    expect((await rpc.request(Rpc.review.resume, { id: zrzy.id }, { actor: zrzy1 })).dueDate).toBe('2025-10-21');
    // a third one, resumed the next working day (Sat 10-11 is a make-up working day): one more day
    await rpc.request(Rpc.review.suspend, { id: zrzy.id, procedure: 'public_notice', reason: '公示', expectedWorkingDays: 1 }, { actor: zrzy1 });
    await setToday('2025-10-11');
    expect((await rpc.request(Rpc.review.resume, { id: zrzy.id }, { actor: zrzy1 })).dueDate).toBe('2025-10-22');

    const detail = await rpc.request(Rpc.review.detail, { id: zrzy.id }, { actor: zrzy1 });
    expect(detail.pauses.map((p) => [p.procedure, p.from, p.to])).toEqual([
      ['site_inspection', '2025-09-26', '2025-10-08'],
      ['expert_review', '2025-10-10', '2025-10-09'],
      ['public_notice', '2025-10-10', '2025-10-10'],
    ]);
    expect(detail.actions.map((a) => a.action)).toEqual(['created', 'claimed', 'suspended', 'resumed', 'suspended', 'resumed', 'suspended', 'resumed']);

    const suspendedEvents = await eventually(async () => {
      const evs = (await readEvents(infra.natsUrl, Events.taskSuspended)).filter((e) => e.data.taskId === zrzy.id);
      return evs.length === 3 ? evs : undefined;
    });
    expect(suspendedEvents[0]?.data).toMatchObject({ kind: 'special_procedure', procedure: 'site_inspection', reason: '需组织联合踏勘', expectedWorkingDays: 3 });
    const resumedEvents = await eventually(async () => {
      const evs = (await readEvents(infra.natsUrl, Events.taskResumed)).filter((e) => e.data.taskId === zrzy.id);
      return evs.length === 3 ? evs : undefined;
    });
    expect(resumedEvents.map((e) => e.data.dueDate)).toEqual(['2025-10-21', '2025-10-21', '2025-10-22']);
  });

  it('asks for every correction at once and resumes by itself when the supplement arrives', async () => {
    const { caseNo, fgw } = await newCase();
    await setToday('2025-09-29'); // Monday
    const waiting = await rpc.request(
      Rpc.review.requestCorrection,
      { id: fgw.id, items: [{ materialCode: 'FGW-001-M01', description: '可研报告缺少投资估算' }, { description: '法人授权书未盖章' }] },
      { actor: fgw1 },
    );
    expect(waiting).toMatchObject({ status: 'correction_requested', assignee: 'fgw1', dueDate: '2025-10-09' });
    const ev = await eventually(async () => (await readEvents(infra.natsUrl, Events.taskSuspended)).find((e) => e.data.taskId === fgw.id));
    expect(ev.data).toMatchObject({ kind: 'correction', items: [{ materialCode: 'FGW-001-M01', description: '可研报告缺少投资估算' }, { description: '法人授权书未盖章' }] });
    expect((await errorOf(rpc.request(Rpc.review.decide, { id: fgw.id, outcome: 'deny', opinion: '材料不全' }, { actor: fgw1 }))).code).toBe('INVALID_STATE');

    // the supplement arrives Tuesday 09-30 (China time): the pause covers Monday only
    await publishTestEvent(infra.natsUrl, Events.supplementReceived, { caseNo, receivedAt: '2025-09-30T01:00:00.000Z', materialCodes: ['FGW-001-M01'] }, { source: 'intake' });
    const resumed = await eventually(async () => (await rpc.request(Rpc.review.tasksOfCase, { caseNo })).find((t) => t.id === fgw.id && t.status === 'claimed'));
    expect(resumed.dueDate).toBe('2025-10-10');
    const detail = await rpc.request(Rpc.review.detail, { id: fgw.id }, { actor: fgw1 });
    expect(detail.corrections).toHaveLength(1);
    expect(detail.corrections[0]?.items).toHaveLength(2);
    expect(detail.corrections[0]?.supplementedAt).toBeDefined();
    expect(detail.pauses[0]).toMatchObject({ kind: 'correction', from: '2025-09-29', to: '2025-09-29', endedBy: 'system' });
    const resumedEv = await eventually(async () => (await readEvents(infra.natsUrl, Events.taskResumed)).find((e) => e.data.taskId === fgw.id));
    expect(resumedEv.data.dueDate).toBe('2025-10-10');
  });

  it('keeps a refusal\'s reasons and answers a second decision with ALREADY_DECIDED', async () => {
    const { zrzy } = await newCase();
    await setToday('2025-09-29');
    const denied = await rpc.request(Rpc.review.decide, { id: zrzy.id, outcome: 'deny', opinion: '选址位于生态保护红线内，不予许可。' }, { actor: zrzy1 });
    expect(denied).toMatchObject({ status: 'denied', outcome: 'deny', refusalReason: '选址位于生态保护红线内，不予许可。' });
    expect((await rpc.request(Rpc.review.detail, { id: zrzy.id }, { actor: zrzy1 })).refusalReason).toBe('选址位于生态保护红线内，不予许可。');
    expect((await errorOf(rpc.request(Rpc.review.decide, { id: zrzy.id, outcome: 'approve', opinion: '同意' }, { actor: zrzy1 }))).code).toBe('ALREADY_DECIDED');
  });

  it('lets only the department head assign, and records opinions and a joint review meeting', async () => {
    const { zrzy, fgw } = await newCase();
    await setToday('2025-09-29');
    expect((await errorOf(rpc.request(Rpc.review.assign, { id: zrzy.id, assignee: 'zrzy2' }, { actor: zrzy1 }))).code).toBe('FORBIDDEN');
    expect((await errorOf(rpc.request(Rpc.review.assign, { id: zrzy.id, assignee: 'zrzy2' }, { actor: fgwHead }))).code).toBe('NOT_FOUND');
    expect(await rpc.request(Rpc.review.assign, { id: zrzy.id, assignee: 'zrzy1' }, { actor: zrzyHead })).toMatchObject({ status: 'claimed', assignee: 'zrzy1' });
    expect(await rpc.request(Rpc.review.assign, { id: zrzy.id, assignee: 'zrzy2', note: '工作调整' }, { actor: zrzyHead })).toMatchObject({ assignee: 'zrzy2' });

    await rpc.request(Rpc.review.addOpinion, { id: zrzy.id, opinion: '初审：材料齐全' }, { actor: zrzy2 });
    // the department's configured sections only, by name or code (recorded by name)
    const unknownSection = await errorOf(rpc.request(Rpc.review.conveneMeeting, { id: zrzy.id, sections: ['规划科', '财务科'], topic: 'x' }, { actor: zrzy2 }));
    expect(unknownSection.details).toEqual([{ field: 'sections', problem: '本部门没有“财务科”，可召集的科室：规划科、用地科', section: '财务科' }]);
    const convened = await rpc.request(Rpc.review.conveneMeeting, { id: zrzy.id, sections: ['GH', '用地科'], topic: '审议用地预审意见' }, { actor: zrzy2 });
    expect(convened.meetings[0]?.sections).toEqual(['规划科', '用地科']);
    const meetingId = convened.meetings[0]?.id ?? '';
    await rpc.request(Rpc.review.sectionOpinion, { id: zrzy.id, meetingId, section: '规划科', position: 'agree', opinion: '符合规划' }, { actor: zrzy1 });
    expect((await errorOf(rpc.request(Rpc.review.concludeMeeting, { id: zrzy.id, meetingId, conclusion: '同意' }, { actor: zrzy2 }))).code).toBe('INVALID_STATE');
    expect(
      (await errorOf(rpc.request(Rpc.review.sectionOpinion, { id: zrzy.id, meetingId, section: '财务科', position: 'agree', opinion: 'x' }, { actor: zrzy1 }))).code,
    ).toBe('VALIDATION_FAILED');
    await rpc.request(Rpc.review.sectionOpinion, { id: zrzy.id, meetingId, section: '用地科', position: 'conditional', opinion: '需补充用地红线图' }, { actor: zrzy2 });
    const concluded = await rpc.request(Rpc.review.concludeMeeting, { id: zrzy.id, meetingId, conclusion: '原则同意，补充红线图后办理' }, { actor: zrzy2 });
    expect(concluded.meetings[0]).toMatchObject({
      topic: '审议用地预审意见',
      conclusion: '原则同意，补充红线图后办理',
      opinions: [
        { section: '规划科', position: 'agree', by: 'zrzy1' },
        { section: '用地科', position: 'conditional', by: 'zrzy2' },
      ],
    });
    expect((await errorOf(rpc.request(Rpc.review.concludeMeeting, { id: zrzy.id, meetingId, conclusion: '再议' }, { actor: zrzy2 }))).code).toBe('INVALID_STATE');
    expect(concluded.actions.map((a) => a.action)).toEqual([
      'created',
      'assigned',
      'assigned',
      'opinion',
      'meeting_convened',
      'meeting_opinion',
      'meeting_opinion',
      'meeting_concluded',
    ]);

    // another department's reviewer sees none of it
    const other = [
      rpc.request(Rpc.review.suspend, { id: zrzy.id, procedure: 'hearing', reason: 'x', expectedWorkingDays: 1 }, { actor: fgw1 }),
      rpc.request(Rpc.review.resume, { id: zrzy.id }, { actor: fgw1 }),
      rpc.request(Rpc.review.requestCorrection, { id: zrzy.id, items: [{ description: 'x' }] }, { actor: fgw1 }),
      rpc.request(Rpc.review.addOpinion, { id: zrzy.id, opinion: 'x' }, { actor: fgw1 }),
      rpc.request(Rpc.review.detail, { id: zrzy.id }, { actor: fgw1 }),
      rpc.request(Rpc.review.ledger, { id: zrzy.id }, { actor: fgw1 }),
      rpc.request(Rpc.review.conveneMeeting, { id: zrzy.id, sections: ['a'], topic: 'x' }, { actor: fgw1 }),
      rpc.request(Rpc.review.sectionOpinion, { id: zrzy.id, meetingId, section: '规划科', position: 'agree', opinion: 'x' }, { actor: fgw1 }),
      rpc.request(Rpc.review.concludeMeeting, { id: zrzy.id, meetingId, conclusion: 'x' }, { actor: fgw1 }),
    ];
    for (const p of other) expect((await errorOf(p)).code).toBe('NOT_FOUND');
    // a suspended task cannot be reassigned
    await rpc.request(Rpc.review.suspend, { id: fgw.id, procedure: 'testing', reason: '检测', expectedWorkingDays: 2 }, { actor: fgw1 });
    expect((await errorOf(rpc.request(Rpc.review.assign, { id: fgw.id, assignee: 'fgw2' }, { actor: fgwHead }))).code).toBe('INVALID_STATE');
  });
});
