import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, Events, Rpc, type Actor, type CalendarSnapshot, type CaseAcceptedV1, type EvaluationView, type ServiceEventView, type SubmitEvaluationRequest } from '@yichuang/contracts';
import { Clock, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aPhone, eventually, fakeRpcService, isoAt, publishTestEvent, readEvents, serviceClockAt, startTestInfra, testRpcClient, type TestInfra } from '@yichuang/testing';
import { EvaluationEnv } from './config.js';
import { EvaluationModule } from './app.module.js';

let seq = 0;
const aCaseNo = () => `411523-2026-${String(++seq).padStart(6, '0')}-${process.pid}`;

/** admin's working-day calendar as the service sees it: 2026 with the National Day holiday 10-01..10-07 */
const CALENDAR: CalendarSnapshot = {
  version: 1,
  years: [2026],
  holidays: ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, name: '国庆节、中秋节' })),
  makeUpWorkdays: [],
};

function caseAccepted(caseNo: string, windowNo = 'W03', phone = aPhone()): CaseAcceptedV1 {
  return {
    caseNo,
    applicationId: '7d9f2a4e-0d7b-4d5e-9a52-3c1f2b7e8a10',
    stage: 1,
    acceptedAt: '2026-09-21T02:00:00.000Z',
    acceptedDate: '2026-09-21',
    acceptedBy: 'clerk1',
    windowNo,
    applicant: { kind: 'person', name: '张三', idNumber: '411523199001011234', phone },
    project: { code: '2026-411523-48-01-000001', name: '城北安置小区', location: '新县城北' },
    catalogVersion: 1,
    items: [],
  };
}

const sha256Hex = (t: string) => createHash('sha256').update(t, 'utf8').digest('hex');
const errorOf = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError);

describe('evaluation service over NATS (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  const submit = (req: SubmitEvaluationRequest, idempotencyKey?: string) =>
    rpc.request(Rpc.evaluation.submit, req, { actor: { username: 'pad-w03', roles: ['clerk'] }, ...(idempotencyKey ? { idempotencyKey } : {}) });
  /** a case accepted by intake, once evaluation has heard of it */
  const acceptedCase = async (): Promise<string> => {
    const caseNo = aCaseNo();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo));
    await eventually(async () => {
      const rows = (await app.get(DataSource).query(`SELECT 1 FROM case_ref WHERE case_no = $1`, [caseNo])) as unknown[];
      return rows.length === 1;
    });
    return caseNo;
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    nc = await connect({ servers: infra.natsUrl });
    fakeRpcService(nc, Rpc.admin.getCalendar, () => CALENDAR, 'admin');
    await nc.flush();
    // the service's clock: 10:00 in Xin County on 30 September 2026; the hall's default 满意 after 7 days
    const env = loadEnv(EvaluationEnv, {
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      LOG_LEVEL: 'error',
      EVALUATION_DEFAULT_LEVEL: 'satisfied',
      EVALUATION_DEFAULT_AFTER_DAYS: '7',
      ...serviceClockAt(isoAt('2026-09-30')),
    });
    app = await runService('evaluation', env, EvaluationModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await nc?.close();
    await infra?.stop();
  });

  it('refuses to rate a case it has never heard of (NOT_FOUND), and accepts it once the case is accepted', async () => {
    const caseNo = aCaseNo();
    const unknown = await errorOf(submit({ caseNo, level: 'satisfied', channel: 'pad' }));
    expect(unknown).toBeInstanceOf(AppError);
    expect(unknown?.code).toBe('NOT_FOUND');

    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, 'W07'));
    // case.accepted arrives asynchronously: the pad retries until the case is known
    const rating = await eventually(() => submit({ caseNo, level: 'satisfied', channel: 'pad', comment: '办事很快' }).catch(() => null));
    const expected: Omit<EvaluationView, 'id' | 'createdAt'> = { caseNo, level: 'satisfied', channel: 'pad', bad: false, windowNo: 'W07', comment: '办事很快' };
    expect(rating).toMatchObject(expected);
    expect(Object.keys(rating).sort()).toEqual([...Object.keys(expected), 'id', 'createdAt'].sort());
    // the service's clock (set to 2026-09-30 10:00 in China) dates it
    expect(rating.createdAt.startsWith('2026-09-30T02:00')).toBe(true);
    const events = await eventually(async () => {
      const list = (await readEvents(infra.natsUrl, Events.evaluationSubmitted)).filter((e) => e.data.caseNo === caseNo);
      return list.length > 0 ? list : null;
    });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toEqual({ evaluationId: rating.id, caseNo, level: 'satisfied', channel: 'pad', submittedAt: rating.createdAt, windowNo: 'W07', defaulted: false, bad: false });
    expect(events[0]?.source).toBe('evaluation');
  });

  it('takes one rating per case (一事一评): the second is ALREADY_RATED (409)', async () => {
    const caseNo = await acceptedCase();
    await submit({ caseNo, level: 'very_satisfied', channel: 'pad' });
    const second = await errorOf(submit({ caseNo, level: 'dissatisfied', channel: 'online' }));
    expect(second?.code).toBe('ALREADY_RATED');
    expect(second?.status).toBe(409);
    const list = await rpc.request(Rpc.evaluation.listByCase, { caseNo });
    expect(list.map((e) => e.level)).toEqual(['very_satisfied']);
  });

  it('lets only one of several simultaneous ratings of a case through', async () => {
    const caseNo = await acceptedCase();
    const results = await Promise.all(
      (['satisfied', 'basic', 'dissatisfied', 'very_satisfied'] as const).map((level) => submit({ caseNo, level, channel: 'pad' }).then(() => 'ok', (e: AppError) => e.code)),
    );
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'ALREADY_RATED')).toHaveLength(3);
    const events = await eventually(async () => {
      const list = (await readEvents(infra.natsUrl, Events.evaluationSubmitted)).filter((e) => e.data.caseNo === caseNo);
      return list.length > 0 ? list : null;
    });
    expect(events).toHaveLength(1);
  });

  it('opens a rectification case for a bad review: 待核实, called back within 5 working days, no handler yet', async () => {
    const caseNo = await acceptedCase();
    const rating = await submit({ caseNo, level: 'very_dissatisfied', channel: 'paper', windowNo: 'W05', comment: '材料被退回三次' });
    // 2026-09-30 + 5 working days over the National Day holiday (10-01..10-07): 10-08, 10-09, 10-12, 10-13, 10-14
    expect(rating).toMatchObject({ bad: true, windowNo: 'W05', rectification: { status: 'pending_verification', dueDate: '2026-10-14' } });
    expect(rating.rectification?.handler).toBeUndefined();
    const [row] = (await app.get(DataSource).query(`SELECT status, due_date, handler FROM rectification WHERE evaluation_id = $1`, [rating.id])) as {
      status: string;
      due_date: string;
      handler: string | null;
    }[];
    expect(row).toEqual({ status: 'pending_verification', due_date: '2026-10-14', handler: null });
    expect(await rpc.request(Rpc.evaluation.listByCase, { caseNo })).toEqual([rating]);

    // "basic" is not a bad review
    const other = await acceptedCase();
    const fine = await submit({ caseNo: other, level: 'basic', channel: 'online' });
    expect(fine.bad).toBe(false);
    expect(fine.rectification).toBeUndefined();
    const [{ n }] = (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM rectification WHERE evaluation_id = $1`, [fine.id])) as { n: number }[];
    expect(n).toBe(0);
  });

  it('answers a repeated request with the same Idempotency-Key with the first reply, and refuses the key with another body', async () => {
    const caseNo = await acceptedCase();
    const req = { caseNo, level: 'dissatisfied', channel: 'pad' } as const;
    const first = await submit(req, `key-${caseNo}`);
    const again = await submit(req, `key-${caseNo}`);
    expect(again).toEqual(first);
    const reused = await errorOf(submit({ ...req, level: 'satisfied' }, `key-${caseNo}`));
    expect(reused?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const [{ n }] = (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM rectification WHERE evaluation_id = $1`, [first.id])) as { n: number }[];
    expect(n).toBe(1);
  });

  it('answers an invalid request with VALIDATION_FAILED listing each field', async () => {
    const err = await errorOf(submit({ caseNo: 'bad case no!', level: 'great', channel: 'pad' } as never));
    expect(err?.code).toBe('VALIDATION_FAILED');
    expect(err?.details.map((d) => d.field)).toEqual(expect.arrayContaining(['level', 'caseNo']));
    const onlyLevel = await errorOf(submit({ caseNo: aCaseNo(), level: 'great', channel: 'pad' } as never));
    expect(onlyLevel?.details.map((d) => d.field)).toEqual(['level']);
  });

  it('lists nothing for a case without a rating', async () => {
    expect(await rpc.request(Rpc.evaluation.listByCase, { caseNo: await acceptedCase() })).toEqual([]);
    expect(await rpc.request(Rpc.evaluation.listByCase, { caseNo: 'NO-SUCH-CASE' })).toEqual([]);
  });
  // ---- issue 14: service events rated once each, on every channel; bad reviews handled to closure ----------

  const clerk: Actor = { username: 'clerk9', roles: ['clerk'] };
  const supervisor: Actor = { username: 'sup1', roles: ['supervisor'] };
  const fgwHead: Actor = { username: 'fgw-head', roles: ['department_head'], department: 'FGW' };
  const admin: Actor = { username: 'admin1', roles: ['admin'] };
  const setClock = (iso: string | null) => app.get(Clock).set(iso ? new Date(iso) : null);

  /** a case accepted at `windowNo`, decided by FGW, and its certificate collected: three service events */
  async function servedCase(windowNo: string, phone = aPhone(), decided = true): Promise<{ caseNo: string; events: ServiceEventView[] }> {
    const caseNo = aCaseNo();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, { ...caseAccepted(caseNo, windowNo, phone), acceptedAt: '2026-09-30T01:50:00.000Z', acceptedDate: '2026-09-30' });
    const n = decided ? 3 : 1;
    if (decided) {
      await publishTestEvent(infra.natsUrl, Events.taskDecided, {
        taskId: randomUUID(), caseNo, itemCode: 'FGW-001', departmentCode: 'FGW', outcome: 'approve', opinion: '同意', decidedBy: 'fgw1', decidedAt: '2026-09-30T02:10:00.000Z',
      } as never);
      await publishTestEvent(infra.natsUrl, Events.certificateCollected, {
        caseNo, certificateId: randomUUID(), no: 'C-1', collectedAt: '2026-09-30T02:20:00.000Z', collectedBy: 'clerk1', allDelivered: true,
      });
    }
    const events = await eventually(async () => {
      const list = await rpc.request(Rpc.evaluation.serviceEventsOfCase, { caseNo });
      return list.length === n ? list : null;
    });
    return { caseNo, events };
  }
  const ev = (events: ServiceEventView[], kind: ServiceEventView['kind']): ServiceEventView => {
    const found = events.find((e) => e.kind === kind);
    if (!found) throw new Error(`no ${kind} event`);
    return found;
  };

  it('makes 受理, each 审批 and 领证 rateable events, each rated once on paper (who entered it recorded)', async () => {
    const { events } = await servedCase('W11');
    expect(events.map((e) => [e.kind, e.windowNo, e.staff, e.departmentCode ?? null, e.rated])).toEqual([
      ['acceptance', 'W11', 'clerk1', null, false],
      ['decision', 'W11', 'fgw1', 'FGW', false],
      ['handover', 'W11', 'clerk1', null, false],
    ]);
    const rated = await rpc.request(Rpc.evaluation.rateServiceEvent, { serviceEventId: ev(events, 'acceptance').id, level: 'very_satisfied' }, { actor: clerk });
    expect(rated).toMatchObject({ channel: 'paper', level: 'very_satisfied', windowNo: 'W11' });
    const [{ entered_by }] = (await app.get(DataSource).query(`SELECT entered_by FROM evaluation WHERE id = $1`, [rated.id])) as { entered_by: string }[];
    expect(entered_by).toBe('clerk9');
    const twice = await errorOf(rpc.request(Rpc.evaluation.rateServiceEvent, { serviceEventId: ev(events, 'acceptance').id, level: 'basic' }, { actor: clerk }));
    expect(twice).toMatchObject({ code: 'ALREADY_RATED', status: 409 });
    const notHappened = await errorOf(rpc.request(Rpc.evaluation.rateServiceEvent, { serviceEventId: randomUUID(), level: 'basic' }, { actor: clerk }));
    expect(notHappened?.status).toBe(409);
    expect(notHappened?.message).toMatch(/尚未发生/);
  });

  it('rates through a one-time link (GONE when reused), an SMS reply digit, the pad of the window and its QR code', async () => {
    const phone = aPhone();
    const { events } = await servedCase('W12', phone);
    const link = await rpc.request(Rpc.evaluation.issueLink, { serviceEventId: ev(events, 'decision').id }, { actor: clerk });
    const byLink = await rpc.request(Rpc.evaluation.rateByLink, { token: link.token, level: 'satisfied' });
    expect(byLink).toMatchObject({ channel: 'online', level: 'satisfied' });
    const reused = await errorOf(rpc.request(Rpc.evaluation.rateByLink, { token: link.token, level: 'basic' }));
    expect(reused).toMatchObject({ code: 'GONE', status: 410 });

    // SMS reply: the latest unrated event of the phone (领证)
    expect(await rpc.request(Rpc.evaluation.smsReply, { phone, text: '好评' })).toEqual({ rated: false });
    const sms = await rpc.request(Rpc.evaluation.smsReply, { phone: `+86${phone}`, text: '4' });
    expect(sms).toMatchObject({ rated: true, evaluation: { channel: 'sms', level: 'satisfied' } });
    expect((await rpc.request(Rpc.evaluation.serviceEventsOfCase, { caseNo: ev(events, 'acceptance').caseNo })).find((e) => e.kind === 'handover')?.rated).toBe(true);

    // the pad of W12 rates the window's current service (the 受理 left)
    const pad = await rpc.request(Rpc.evaluation.registerPad, { windowNo: 'W12' }, { actor: admin });
    const wrong = await errorOf(rpc.request(Rpc.evaluation.ratePad, { windowNo: 'W12', deviceSecret: 'x'.repeat(32), level: 'basic' }));
    expect(wrong?.code).toBe('UNAUTHORIZED');
    const byPad = await rpc.request(Rpc.evaluation.ratePad, { windowNo: 'W12', deviceSecret: pad.deviceSecret, level: 'basic' });
    expect(byPad).toMatchObject({ channel: 'pad', level: 'basic', windowNo: 'W12' });
    const none = await errorOf(rpc.request(Rpc.evaluation.ratePad, { windowNo: 'W12', deviceSecret: pad.deviceSecret, level: 'basic' }));
    expect(none?.code).toBe('INVALID_STATE');

    // QR at W13: a link bound to the window's current service
    await servedCase('W13', aPhone(), false);
    const qr = await rpc.request(Rpc.evaluation.issueLink, { windowNo: 'W13' }, { actor: clerk });
    expect(await rpc.request(Rpc.evaluation.rateByLink, { token: qr.token, level: 'very_satisfied' })).toMatchObject({ channel: 'qr', windowNo: 'W13' });
  });

  it('rates the decisions a completion SMS announces through its link (choosing among two) and by the reply digit, only before it expires', async () => {
    const caseNo = aCaseNo();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, { ...caseAccepted(caseNo, 'W15'), acceptedAt: '2026-09-30T01:50:00.000Z', acceptedDate: '2026-09-30' });
    for (const [itemCode, departmentCode] of [['FGW-001', 'FGW'], ['ZRZY-001', 'ZRZY'], ['ZJJ-001', 'ZJJ']]) {
      await publishTestEvent(infra.natsUrl, Events.taskDecided, {
        taskId: randomUUID(), caseNo, itemCode, departmentCode, outcome: 'approve', opinion: '同意', decidedBy: 'r1', decidedAt: '2026-09-30T02:10:00.000Z',
      } as never);
    }
    // notification's completion SMS (token made there; only its hash travels) for the results of FGW-001 and ZRZY-001
    const token = randomUUID().replace(/-/g, '').slice(0, 16);
    const invitation = { tokenHash: sha256Hex(token), caseNo, itemCodes: ['FGW-001', 'ZRZY-001'], messageId: randomUUID(), createdAt: '2026-09-30T03:00:00.000Z' };
    await publishTestEvent(infra.natsUrl, Events.ratingInvitationCreated, invitation);
    const info = await eventually(async () => {
      const i = await rpc.request(Rpc.evaluation.linkInfo, { token }).catch(() => null);
      return i && i.events.length === 2 ? i : null;
    });
    expect(info).toMatchObject({ caseNo, state: 'open', events: [{ kind: 'decision', rated: false }, { kind: 'decision', rated: false }] });
    expect(info.events.map((e) => e.departmentCode).sort()).toEqual(['FGW', 'ZRZY']);
    const [fgw, zrzy] = ['FGW', 'ZRZY'].map((d) => info.events.find((e) => e.departmentCode === d) as ServiceEventView);

    // two to rate: the applicant chooses; a service not of this link is refused
    const choose = await errorOf(rpc.request(Rpc.evaluation.rateByLink, { token, level: 'satisfied' }));
    expect(choose).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(choose?.details?.[0]?.problem).toMatch(/请选择/);
    const all = await rpc.request(Rpc.evaluation.serviceEventsOfCase, { caseNo });
    const zjj = all.find((e) => e.departmentCode === 'ZJJ') as ServiceEventView;
    expect((await errorOf(rpc.request(Rpc.evaluation.rateByLink, { token, level: 'satisfied', serviceEventId: zjj.id })))?.code).toBe('VALIDATION_FAILED');
    expect(await rpc.request(Rpc.evaluation.rateByLink, { token, level: 'basic', serviceEventId: fgw?.id })).toMatchObject({ channel: 'online', level: 'basic' });

    // the reply digit rates what is left (ZRZY), once; the link is then used up
    await publishTestEvent(infra.natsUrl, Events.smsReplied, { replyId: randomUUID(), invitationTokenHash: invitation.tokenHash, text: ' 5 ', receivedAt: '2026-09-30T04:00:00.000Z' });
    const rated = await eventually(async () => (await rpc.request(Rpc.evaluation.serviceEventsOfCase, { caseNo })).find((e) => e.id === zrzy?.id && e.rated));
    expect(rated.evaluation).toMatchObject({ channel: 'sms', level: 'very_satisfied' });
    expect((await rpc.request(Rpc.evaluation.linkInfo, { token })).state).toBe('used');
    expect(await errorOf(rpc.request(Rpc.evaluation.rateByLink, { token, level: 'basic', serviceEventId: zrzy?.id }))).toMatchObject({ code: 'GONE', status: 410 });
    expect((await rpc.request(Rpc.evaluation.serviceEventsOfCase, { caseNo })).find((e) => e.id === zjj.id)?.rated).toBe(false);

    // another completion SMS, answered after its 15 days: nothing rated
    const late = randomUUID().replace(/-/g, '').slice(0, 16);
    const lateInvitation = { ...invitation, tokenHash: sha256Hex(late), itemCodes: ['ZJJ-001'], messageId: randomUUID() };
    await publishTestEvent(infra.natsUrl, Events.ratingInvitationCreated, lateInvitation);
    await eventually(async () => (await rpc.request(Rpc.evaluation.linkInfo, { token: late }).catch(() => null))?.events.length === 1);
    const lateReply = await publishTestEvent(infra.natsUrl, Events.smsReplied, { replyId: randomUUID(), invitationTokenHash: lateInvitation.tokenHash, text: '1', receivedAt: '2026-10-16T04:00:00.000Z' });
    // and a second reply to the first link (or the SMSC delivering one again): nothing left to rate
    const again = await publishTestEvent(infra.natsUrl, Events.smsReplied, { replyId: randomUUID(), invitationTokenHash: invitation.tokenHash, text: '1', receivedAt: '2026-09-30T05:00:00.000Z' });
    await eventually(async () => ((await app.get(DataSource).query(`SELECT 1 FROM processed_event WHERE event_id = ANY($1::uuid[])`, [[lateReply.id, again.id]])) as unknown[]).length === 2);
    const after = await rpc.request(Rpc.evaluation.serviceEventsOfCase, { caseNo });
    expect(after.find((e) => e.id === zjj.id)?.rated).toBe(false);
    expect(after.filter((e) => e.evaluation).map((e) => e.evaluation?.level).sort()).toEqual(['basic', 'very_satisfied']);
  });

  it('refuses an expired link with GONE, and gives the hall default (marked defaulted) to events left unrated 7 days', async () => {
    const { caseNo, events } = await servedCase('W14', aPhone(), false);
    const link = await rpc.request(Rpc.evaluation.issueLink, { serviceEventId: ev(events, 'acceptance').id }, { actor: clerk });
    try {
      setClock('2026-10-03T03:00:00.000Z'); // 73 hours later: the 72-hour link has expired
      const expired = await errorOf(rpc.request(Rpc.evaluation.rateByLink, { token: link.token, level: 'satisfied' }));
      expect(expired).toMatchObject({ code: 'GONE', status: 410 });
      expect(expired?.message).toMatch(/过期/);
      setClock('2026-10-08T03:00:00.000Z');
      const swept = await rpc.request(Rpc.evaluation.sweep, {}, { actor: supervisor });
      expect(swept.defaulted).toBeGreaterThanOrEqual(1);
      const [defaulted] = (await rpc.request(Rpc.evaluation.serviceEventsOfCase, { caseNo })).map((e) => e.evaluation);
      expect(defaulted).toMatchObject({ channel: 'default', level: 'satisfied' });
      const [{ d }] = (await app.get(DataSource).query(`SELECT defaulted AS d FROM evaluation WHERE id = $1`, [defaulted?.id])) as { d: boolean }[];
      expect(d).toBe(true);
    } finally {
      setClock(isoAt('2026-09-30'));
    }
  });

  it('drives a bad review through call-back, appeal rejected and rectification; another to invalid on appeal; alarms once', async () => {
    const act = (id: string, action: string, actor: Actor, extra: Record<string, string> = {}) =>
      rpc.request(Rpc.evaluation.actOnRectification, { id, action, ...extra } as never, { actor });
    const a = await servedCase('W15');
    const bad = await rpc.request(Rpc.evaluation.rateServiceEvent, { serviceEventId: ev(a.events, 'decision').id, level: 'dissatisfied', comment: '审批慢' }, { actor: clerk });
    expect(bad.rectification).toEqual({ status: 'pending_verification', dueDate: '2026-10-14' });
    const early = await errorOf(act(bad.id, 'rectified', fgwHead));
    expect(early?.code).toBe('INVALID_STATE');
    const called = await act(bad.id, 'callback', fgwHead, { note: '申请人反映审批等了很久' });
    expect(called).toMatchObject({ status: 'rectifying', departmentCode: 'FGW', callback: { by: 'fgw-head', note: '申请人反映审批等了很久' }, callbackDue: '2026-10-14' });
    // 15 working days from 09-30 over the holiday
    expect(called.rectifyDue).toBe('2026-10-28');
    expect((await act(bad.id, 'appeal', fgwHead, { reason: 'not_this_service', note: '延误在申请人补正' })).appeal).toEqual({ status: 'pending', note: '延误在申请人补正' });
    expect((await errorOf(act(bad.id, 'appeal_rejected', fgwHead)))?.code).toBe('FORBIDDEN');
    expect(await act(bad.id, 'appeal_rejected', supervisor)).toMatchObject({ status: 'rectifying', appeal: { status: 'rejected', decidedBy: 'sup1' } });
    const done = await act(bad.id, 'rectified', fgwHead, { note: '已优化流程' });
    expect(done).toMatchObject({ status: 'rectified', onTime: true });
    expect((await errorOf(act(bad.id, 'cannot_rectify', fgwHead, { note: 'x' })))?.code).toBe('INVALID_STATE');
    const changes = await eventually(async () => {
      const list = (await readEvents(infra.natsUrl, Events.rectificationChanged)).filter((e) => e.data.evaluationId === bad.id);
      return list.length === 4 ? list : null;
    });
    expect(changes.map((e) => e.data.status)).toEqual(['rectifying', 'rectifying', 'rectifying', 'rectified']);

    // the second: appealed as malicious before the call-back, upheld: 无效差评
    const b = await servedCase('W16');
    const bad2 = await rpc.request(Rpc.evaluation.rateServiceEvent, { serviceEventId: ev(b.events, 'acceptance').id, level: 'very_dissatisfied' }, { actor: clerk });
    await act(bad2.id, 'appeal', fgwHead, { reason: 'malicious' });
    expect(await act(bad2.id, 'appeal_upheld', supervisor)).toMatchObject({ status: 'invalid', invalidReason: 'malicious', appeal: { status: 'upheld' } });

    // the third is left alone: yellow on the due day of the call-back, red after it, each once
    const c = await servedCase('W17');
    const bad3 = await rpc.request(Rpc.evaluation.rateServiceEvent, { serviceEventId: ev(c.events, 'handover').id, level: 'dissatisfied' }, { actor: clerk });
    try {
      setClock('2026-10-14T02:00:00.000Z');
      await rpc.request(Rpc.evaluation.sweep, {}, { actor: supervisor });
      setClock('2026-10-15T02:00:00.000Z');
      await rpc.request(Rpc.evaluation.sweep, {}, { actor: supervisor });
      await rpc.request(Rpc.evaluation.sweep, {}, { actor: supervisor });
    } finally {
      setClock(isoAt('2026-09-30'));
    }
    const [listed] = (await rpc.request(Rpc.evaluation.listRectifications, { status: 'pending_verification' }, { actor: supervisor })).filter((r) => r.evaluationId === bad3.id);
    expect(listed?.alarms).toEqual(['yellow', 'red']);
    const alarms = await eventually(async () => {
      const list = (await readEvents(infra.natsUrl, Events.rectificationAlarmRaised)).filter((e) => e.data.evaluationId === bad3.id);
      return list.length === 2 ? list : null;
    });
    expect(alarms.map((e) => [e.data.level, e.data.dueDate])).toEqual([['yellow', '2026-10-14'], ['red', '2026-10-14']]);

    // statistics by department: FGW has the decision's bad review, rectified on time
    const stats = await rpc.request(Rpc.evaluation.stats, { by: 'department' }, { actor: supervisor });
    const fgw = stats.find((r) => r.key === 'FGW');
    expect(fgw).toMatchObject({ bad: expect.any(Number), rectifications: expect.any(Number) });
    expect(fgw?.closedOnTime).toBeGreaterThanOrEqual(1);
    expect(fgw?.rectificationOnTimeRate).toBe(1);
    expect((await errorOf(rpc.request(Rpc.evaluation.stats, { by: 'department' }, { actor: clerk })))?.code).toBe('FORBIDDEN');
  });
});
