/**
 * The comprehensive window (综合窗口) over HTTP: pre-check listing every problem, the one-time notice and
 * its refusal of a second list, acceptance and its notice, rejection, instant items, parallel dispatch.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aProjectCode, E2E_START_DAY, eventually } from '@yichuang/testing';
import { pdfText, setClock, startE2E, timesOffTheClock, type E2E } from './harness.js';

interface Item { code: string; name: string; promisedDays: number; department: { code: string }; materials: { code: string; name: string; required: boolean; forms: string[] }[] }
interface Task { id: string; department: string; itemCode: string }
interface ErrorAnswer { error: { code: string; message: string; details: { field?: string; problem: string; documentNo?: string }[] } }

describe('the comprehensive window', () => {
  let e: E2E;
  let clerk: string;
  let catalogue: Item[];

  beforeAll(async () => {
    e = await startE2E();
    clerk = await e.http.login('clerk1');
    catalogue = (await e.http.get<Item[]>('/api/v1/catalog/items')).body;
  });

  afterAll(async () => {
    await e?.stop();
  });

  const item = (code: string) => catalogue.find((i) => i.code === code) as Item;
  const required = (codes: string[]) => codes.flatMap((c) => item(c).materials.filter((m) => m.required));

  async function apply(codes: string[], stage: number, materials: { code: string; forms?: string[] }[]): Promise<string> {
    const r = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'assisted',
        stage,
        itemCodes: codes,
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678' },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇' },
        materials: materials.map((m) => ({ code: m.code, form: m.forms?.[0] ?? 'paper' })),
      },
      clerk,
    );
    expect(r.status).toBe(201);
    return r.body.id;
  }

  it('lists every absent required material even when the clerk marks nothing, issues ONE notice, and refuses a second until a supplement', async () => {
    const all = required(['ZRZY-001']);
    const absent = all.slice(0, 2);
    const id = await apply(['ZRZY-001'], 1, all.slice(2));
    const pre = await e.http.post<{ status: string; problems: { materialCode: string; name: string; verdict: string }[]; notice: { documentNo: string } }>(
      `/api/v1/applications/${id}/precheck`,
      { results: [] },
      clerk,
    );
    expect(pre.status).toBe(200);
    expect(pre.body.status).toBe('incomplete');
    expect(pre.body.problems.map((p) => p.materialCode).sort()).toEqual(absent.map((m) => m.code).sort());
    expect(pre.body.problems.every((p) => p.verdict === 'missing')).toBe(true);
    expect(pre.body.notice.documentNo).toMatch(/〔\d{4}〕\d+号$/);

    // acceptance is refused while incomplete
    const refused = await e.http.post<ErrorAnswer>(`/api/v1/applications/${id}/accept`, undefined, clerk);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('MATERIALS_INCOMPLETE');

    // the notice: a Chinese PDF numbering every problem
    const text = await pdfText(await fetch(`${e.http.base}/api/v1/applications/${id}/one-time-notice.pdf`, { headers: { authorization: `Bearer ${clerk}` } }));
    expect(text).toContain('一次性告知书');
    expect(text).toContain(pre.body.notice.documentNo);
    for (const m of absent) expect(text).toContain(m.name);

    // and an SMS to the applicant
    const sms = await eventually(async () => {
      const r = await e.http.get<{ template: string; recipient: string; content: string }[]>(`/api/v1/applications/${id}/notifications`, clerk);
      return r.body.find((m) => m.template === 'ONE_TIME_NOTICE');
    });
    expect(sms.recipient).toBe('139****5678');
    expect(sms.content).toContain(pre.body.notice.documentNo);

    // a second notice for the same submission is refused — even one adding a defect the first missed
    const second = await e.http.post<ErrorAnswer>(
      `/api/v1/applications/${id}/precheck`,
      { results: [{ materialCode: all[2]?.code, verdict: 'defective', note: '缺少盖章' }] },
      clerk,
    );
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('NOTICE_ALREADY_ISSUED');

    // the applicant supplies what was asked: now complete, and accepted
    const sup = await e.http.post(`/api/v1/applications/${id}/materials`, { materials: absent.map((m) => ({ code: m.code, form: 'paper' })) }, clerk);
    expect(sup.status).toBe(200);
    const again = await e.http.post<{ status: string }>(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
    expect(again.body.status).toBe('complete');
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
  });

  it('allows a new notice after a supplement that is still incomplete', async () => {
    const all = required(['ZRZY-001']);
    const id = await apply(['ZRZY-001'], 1, all.slice(2));
    expect((await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    await e.http.post(`/api/v1/applications/${id}/materials`, { materials: [{ code: all[0]?.code, form: 'paper' }] }, clerk);
    const second = await e.http.post<{ status: string; problems: unknown[]; notice: { documentNo: string } }>(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
    expect(second.status).toBe(200);
    expect(second.body.problems).toHaveLength(1);
    const app = await e.http.get<{ notices: { round: number }[] }>(`/api/v1/applications/${id}`, clerk);
    expect(app.body.notices.map((n) => n.round)).toEqual([0, 1]);
  });

  it('dispatches a case spanning three departments as three tasks from one event, and prints the acceptance notice', async () => {
    const codes = ['ZRZY-001', 'FGW-002', 'STHJ-002'];
    const id = await apply(codes, 1, required(codes));
    expect((await e.http.post<{ status: string }>(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk)).body.status).toBe('complete');
    const acc = await e.http.post<{ caseNo: string; acceptanceNoticeNo: string; tasks: { department: string; dueDate: string }[] }>(`/api/v1/applications/${id}/accept`, undefined, clerk);
    expect(acc.status).toBe(201);
    expect(acc.body.tasks.map((t) => t.department).sort()).toEqual(['FGW', 'STHJ', 'ZRZY']);
    const c = await eventually(async () => {
      const r = await e.http.get<{ tasks: Task[]; timeline: { event: string; detail?: string }[] }>(`/api/v1/cases/${acc.body.caseNo}`, clerk);
      // the tasks (review) and the timeline (intake, from the tasks.created event) settle independently
      return r.body.tasks.length === 3 && r.body.timeline.some((t) => t.event === 'dispatched') ? r.body : null;
    });
    expect(c.tasks.map((t) => t.department).sort()).toEqual(['FGW', 'STHJ', 'ZRZY']);
    expect(c.timeline.filter((t) => t.event === 'dispatched')).toHaveLength(1);

    const text = await pdfText(await fetch(`${e.http.base}/api/v1/cases/${acc.body.caseNo}/acceptance-notice.pdf`, { headers: { authorization: `Bearer ${clerk}` } }));
    expect(text).toContain('受理通知书');
    expect(text).toContain(acc.body.caseNo);
    expect(text).toContain(acc.body.acceptanceNoticeNo);
    for (const code of codes) expect(text).toContain(item(code).name);
    expect(text).toContain('不计算在上述期限内');
  });

  it('decides an instant item at the window: no review task, the result at once', async () => {
    const id = await apply(['FGW-001'], 1, required(['FGW-001']));
    await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
    const acc = await e.http.post<{ caseNo: string; tasks: unknown[] }>(`/api/v1/applications/${id}/accept`, undefined, clerk);
    expect(acc.status).toBe(201);
    expect(acc.body.tasks).toEqual([]);
    const c = await eventually(async () => {
      const r = await e.http.get<{ status: string; tasks: unknown[]; certificates: { itemCode: string }[] }>(`/api/v1/cases/${acc.body.caseNo}`, clerk);
      return r.body.status === 'ready_for_delivery' ? r.body : null;
    });
    expect(c.tasks).toEqual([]);
    expect(c.certificates.map((x) => x.itemCode)).toEqual(['FGW-001']);
  });

  it('rejects with a written decision naming the reason and the right agency', async () => {
    const id = await apply(['ZRZY-001'], 1, required(['ZRZY-001']));
    const r = await e.http.post<{ status: string; documentNo: string }>(
      `/api/v1/applications/${id}/reject`,
      { reason: '申请事项属于市级审批权限', referTo: '信阳市自然资源和规划局' },
      clerk,
    );
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('rejected');
    const text = await pdfText(await fetch(`${e.http.base}/api/v1/applications/${id}/rejection-decision.pdf`, { headers: { authorization: `Bearer ${clerk}` } }));
    expect(text).toContain('不予受理决定书');
    expect(text).toContain('申请事项属于市级审批权限');
    expect(text).toContain('信阳市自然资源和规划局');
    expect((await e.http.post<ErrorAnswer>(`/api/v1/applications/${id}/accept`, undefined, clerk)).status).toBe(409);
    // the clerk sees the applicant's personal data; a supervisor sees it masked
    const byClerk = await e.http.get<{ applicant: { idNumber: string; phone: string } }>(`/api/v1/applications/${id}`, clerk);
    const bySupervisor = await e.http.get<{ applicant: { idNumber: string; phone: string } }>(`/api/v1/applications/${id}`, await e.http.login('supervisor1'));
    expect(byClerk.body.applicant.idNumber).not.toContain('*');
    expect(bySupervisor.body.applicant.idNumber).toContain('*');
    expect(bySupervisor.body.applicant.phone).toBe(`${byClerk.body.applicant.phone.slice(0, 3)}****${byClerk.body.applicant.phone.slice(-4)}`);
    // the same decision again (a retried request): the same answer; another reason: 409, the decision stands as written
    const again = await e.http.post<{ documentNo: string }>(`/api/v1/applications/${id}/reject`, { reason: '申请事项属于市级审批权限', referTo: '信阳市自然资源和规划局' }, clerk);
    expect([again.status, again.body.documentNo]).toEqual([200, r.body.documentNo]);
    const other = await e.http.post<ErrorAnswer>(`/api/v1/applications/${id}/reject`, { reason: '材料不齐全' }, clerk);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('ALREADY_REJECTED');
    expect(other.body.error.messageZh).toContain('不予受理');
  });

  it('answers the public phone inquiry with progress and no personal data, and rate-limits it', async () => {
    const id = await apply(['ZRZY-001'], 1, required(['ZRZY-001']));
    await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
    const { caseNo } = (await e.http.post<{ caseNo: string }>(`/api/v1/applications/${id}/accept`, undefined, clerk)).body;
    const ok = await e.http.get<{ caseNo: string; status: string; statusText: string; steps: { step: string }[] }>(`/api/v1/inquiry?caseNo=${caseNo}&phoneLast4=5678`);
    expect(ok.status).toBe(200);
    expect(ok.body.caseNo).toBe(caseNo);
    expect(ok.body.steps[0]?.step).toBe('综合窗口受理');
    const raw = JSON.stringify(ok.body);
    expect(raw).not.toContain('13912345678');
    expect(raw).not.toContain('新县城投建设有限公司');
    expect((await e.http.get(`/api/v1/inquiry?caseNo=${caseNo}&phoneLast4=0000`)).status).toBe(404);
    expect((await e.http.get(`/api/v1/inquiry?caseNo=${caseNo}&phoneLast4=12ab`)).status).toBe(400);
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await e.http.get(`/api/v1/inquiry?caseNo=${caseNo}&phoneLast4=0000`)).status);
    expect(statuses).toContain(429);
  });

  it('binds a case to a WeChat openid (public, phone last 4 as the inquiry) and unbinds it', async () => {
    const id = await apply(['ZRZY-001'], 1, required(['ZRZY-001']));
    await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
    const { caseNo } = (await e.http.post<{ caseNo: string }>(`/api/v1/applications/${id}/accept`, undefined, clerk)).body;
    const openId = 'oia2TjuEGTNoeX76QEjQNrcURxG8';
    expect((await e.http.post(`/api/v1/cases/${caseNo}/wechat`, { openId: 'o!', phoneLast4: '5678' })).status).toBe(400);
    // the notification service knows the case once it handled case.accepted
    const bound = await eventually(async () => {
      const r = await e.http.post<{ caseNo: string; channel: string; bound: boolean; boundAt: string }>(`/api/v1/cases/${caseNo}/wechat`, { openId, phoneLast4: '5678' });
      return r.status === 200 ? r.body : null;
    });
    expect(bound).toMatchObject({ caseNo, channel: 'wechat', bound: true });
    expect((await e.http.post(`/api/v1/cases/${caseNo}/wechat`, { openId, phoneLast4: '0000' })).status).toBe(404);
    expect((await e.http.call('DELETE', `/api/v1/cases/${caseNo}/wechat`, { openId: 'oSomebodyElse0000000000000000' })).status).toBe(404);
    expect((await e.http.call('DELETE', `/api/v1/cases/${caseNo}/wechat`, { openId })).body).toEqual({ caseNo, channel: 'wechat', bound: false });
    expect((await e.http.call('DELETE', `/api/v1/cases/${caseNo}/wechat`, { openId })).status).toBe(404);
  });

  it("lists the window's open cases with each task's remaining working days and alarm, filterable", async () => {
    const codes = ['ZRZY-001', 'FGW-002'];
    const id = await apply(codes, 1, required(codes));
    await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
    const { caseNo } = (await e.http.post<{ caseNo: string }>(`/api/v1/applications/${id}/accept`, undefined, clerk)).body;
    const mine = await eventually(async () => {
      const r = await e.http.get<{ caseNo: string; alarm: string; tasks: { department: string; remainingWorkingDays: number; alarm: string }[] }[]>('/api/v1/follow-up', clerk);
      const c = r.body.find((x) => x.caseNo === caseNo);
      return c && c.tasks.length === 2 ? c : null;
    });
    for (const t of mine.tasks) {
      expect(t.remainingWorkingDays).toBeGreaterThan(1);
      expect(t.alarm).toBe('none');
    }
    const red = await e.http.get<{ caseNo: string }[]>('/api/v1/follow-up?alarm=red', clerk);
    expect(red.body.map((c) => c.caseNo)).not.toContain(caseNo);
    const byDept = await e.http.get<{ caseNo: string }[]>('/api/v1/follow-up?department=STHJ', clerk);
    expect(byDept.body.map((c) => c.caseNo)).not.toContain(caseNo);
    const reviewer = await e.http.login('zrzy1');
    expect((await e.http.get('/api/v1/follow-up', reviewer)).status).toBe(403);
  });

  it('deems an application accepted after five working days without a notice or decision (Art. 32), across a public holiday, and alarms the supervisor once', async () => {
    const supervisor = await e.http.login('supervisor1');
    // received on Tuesday 2026-09-29: working days 09-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12 → deadline 10-12
    await setClock(e, 'intake', '2026-09-29T10:00:00+08:00');
    try {
      const id = await apply(['ZRZY-001'], 1, required(['ZRZY-001']));
      await setClock(e, 'intake', '2026-10-12T17:00:00+08:00');
      expect((await e.http.post<{ raised: number }>('/api/v1/supervision/sweep', undefined, supervisor)).body.raised).toBe(0);
      await setClock(e, 'intake', '2026-10-13T09:00:00+08:00');
      expect((await e.http.post<{ raised: number }>('/api/v1/supervision/sweep', undefined, supervisor)).body.raised).toBeGreaterThanOrEqual(1);
      expect((await e.http.post<{ raised: number }>('/api/v1/supervision/sweep', undefined, supervisor)).body.raised).toBe(0);
      const alarms = await e.http.get<{ id: string; kind: string; level: string; applicationId: string; message: string }[]>('/api/v1/supervision/alarms?level=red', supervisor);
      const mine = alarms.body.filter((a) => a.applicationId === id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ kind: 'deemed_acceptance', level: 'red' });
      expect(mine[0]?.message).toContain('2026-10-12');
      // once accepted, the case's clock runs from the day the materials arrived
      await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
      const acc = await e.http.post<{ caseNo: string; tasks: { dueDate: string }[] }>(`/api/v1/applications/${id}/accept`, undefined, clerk);
      expect(acc.status).toBe(201);
      const c = await e.http.get<{ acceptedAt: string; promisedDueDate: string }>(`/api/v1/cases/${acc.body.caseNo}`, clerk);
      expect(c.body.promisedDueDate < '2026-11-01').toBe(true);
      // exactly the item's promised working days from 09-29, not from the day of acceptance (10-13)
      const fromReceipt = await e.http.get<{ date: string }>(`/api/v1/calendar/add-working-days?from=2026-09-29&days=${item('ZRZY-001').promisedDays}`);
      expect(acc.body.tasks[0]?.dueDate).toBe(fromReceipt.body.date);
      expect(c.body.promisedDueDate).toBe(fromReceipt.body.date);
      const ack = await e.http.post<{ acknowledgedBy: string; acknowledgedAt?: string }>(`/api/v1/supervision/alarms/${mine[0]?.id}/acknowledge`, undefined, supervisor);
      expect(ack.body.acknowledgedBy).toBe('supervisor1');
      expect(ack.body.acknowledgedAt?.slice(0, 10)).toBe('2026-10-13'); // by intake's clock (09:00 in China = 01:00 UTC)
      const open = await e.http.get<{ id: string }[]>('/api/v1/supervision/alarms', supervisor);
      expect(open.body.map((a) => a.id)).not.toContain(mine[0]?.id);
    } finally {
      await setClock(e, 'intake', null);
    }
  });

  it('does not alarm an application that got its one-time notice in time', async () => {
    const supervisor = await e.http.login('supervisor1');
    await setClock(e, 'intake', '2026-09-29T10:00:00+08:00');
    try {
      const all = required(['ZRZY-001']);
      const id = await apply(['ZRZY-001'], 1, all.slice(1));
      await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
      await setClock(e, 'intake', '2026-10-20T09:00:00+08:00');
      await e.http.post('/api/v1/supervision/sweep', undefined, supervisor);
      const alarms = await e.http.get<{ applicationId: string }[]>('/api/v1/supervision/alarms', supervisor);
      expect(alarms.body.map((a) => a.applicationId)).not.toContain(id);
    } finally {
      await setClock(e, 'intake', null);
    }
  });

  it('keeps paper in the hall: logs each paper material, hand-overs and returns, and lists what has not come back', async () => {
    const mats = required(['ZRZY-001']);
    const id = await apply(['ZRZY-001'], 1, mats);
    const files = await e.http.get<{ materialCode: string; location: string; holder?: string }[]>(`/api/v1/applications/${id}/paper`, clerk);
    expect(files.body.map((f) => f.materialCode).sort()).toEqual(mats.map((m) => m.code).sort());
    expect(files.body[0]?.location).toContain('W01');
    const codes = mats.slice(0, 2).map((m) => m.code);
    const out = await e.http.post<{ holder: string }[]>(`/api/v1/applications/${id}/paper/handover`, { materialCodes: codes, to: 'zrzy1', note: '审查用' }, clerk);
    expect(out.status).toBe(200);
    expect(out.body.every((f) => f.holder === 'zrzy1')).toBe(true);
    expect((await e.http.post(`/api/v1/applications/${id}/paper/handover`, { materialCodes: codes, to: 'fgw1' }, clerk)).status).toBe(409);
    const outstanding = await e.http.get<{ applicationId: string; materialCode: string; holder: string }[]>('/api/v1/paper/outstanding', clerk);
    expect(outstanding.body.filter((f) => f.applicationId === id).map((f) => f.materialCode).sort()).toEqual([...codes].sort());
    const zrzy = await e.http.login('zrzy1');
    // another department's reviewer can neither see (404: not handed to them, it does not exist for them) nor give
    // back (403, naming each file held by someone else) what zrzy1 holds
    const fgw = await e.http.login('fgw1');
    expect((await e.http.get<ErrorAnswer>(`/api/v1/applications/${id}/paper`, fgw)).status).toBe(404);
    expect((await e.http.post<ErrorAnswer>(`/api/v1/applications/${id}/paper/return`, { materialCodes: codes, location: '别处' }, fgw)).status).toBe(403);
    expect((await e.http.get(`/api/v1/applications/${id}/paper`, zrzy)).status).toBe(200);
    const back = await e.http.post<{ location: string; movements: { action: string }[] }[]>(`/api/v1/applications/${id}/paper/return`, { materialCodes: codes, location: '综合窗口档案柜A-03' }, zrzy);
    expect(back.status).toBe(200);
    expect(back.body[0]?.location).toBe('综合窗口档案柜A-03');
    expect(back.body[0]?.movements.map((m) => m.action)).toEqual(['received', 'handed_over', 'returned']);
    const after = await e.http.get<{ applicationId: string }[]>('/api/v1/paper/outstanding', clerk);
    expect(after.body.filter((f) => f.applicationId === id)).toEqual([]);
    const notPaper = await e.http.post<ErrorAnswer>(`/api/v1/applications/${id}/paper/handover`, { materialCodes: ['NOPE'], to: 'zrzy1' }, clerk);
    expect(notPaper.status).toBe(400);
  });

  it('records the review at the window by the department colleague (审查), who and when', async () => {
    const codes = ['ZRZY-001', 'FGW-002'];
    const id = await apply(codes, 1, required(codes));
    const zrzy = await e.http.login('zrzy1');
    const r = await e.http.post<{ windowReviews: { department: string; by: string; confirmed: boolean; at: string }[] }>(`/api/v1/applications/${id}/window-review`, { confirmed: true, note: '材料齐全' }, zrzy);
    expect(r.status).toBe(200);
    expect(r.body.windowReviews).toEqual([expect.objectContaining({ department: 'ZRZY', by: 'zrzy1', confirmed: true })]);
    const sthj = await e.http.login('sthj1');
    expect((await e.http.post(`/api/v1/applications/${id}/window-review`, { confirmed: true }, sthj)).status).toBe(404);
  });

  it('records consultations and complaints at the consultation window, issuing a ticket into the right queue', async () => {
    const consult = await e.http.login('consult1');
    const c = await e.http.post<{ id: string; status: string; ticketNo: string; phone: string }>(
      '/api/v1/consultations',
      { channel: 'onsite', kind: 'consultation', topic: '施工许可材料', question: '办理施工许可需要哪些材料？', answer: '见办事指南', ticketCategory: 'stage3', phone: '13800000009' },
      consult,
    );
    expect(c.status).toBe(201);
    expect(c.body).toMatchObject({ status: 'answered', phone: '138****0009' });
    expect(c.body.ticketNo).toMatch(/^C\d{3}$/);
    const complaint = await e.http.post<{ id: string; status: string; handler: string; dueDate: string }>(
      '/api/v1/consultations',
      { channel: 'phone', kind: 'complaint', topic: '窗口等候时间长', question: '上午排队两小时' },
      consult,
    );
    expect(complaint.body).toMatchObject({ status: 'open', handler: 'supervisor1' });
    expect(complaint.body.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const open = await e.http.get<{ id: string }[]>('/api/v1/consultations?kind=complaint&status=open', consult);
    expect(open.body.map((x) => x.id)).toContain(complaint.body.id);
    const closed = await e.http.post<{ status: string }>(`/api/v1/consultations/${complaint.body.id}/close`, { resolution: '已增开窗口并回访' }, consult);
    expect(closed.body.status).toBe('closed');
  });

  it('numbers concurrent acceptances without gaps or repeats: case numbers and 受理通知书 numbers', async () => {
    const codes = ['ZRZY-001'];
    const ids = await Promise.all(Array.from({ length: 12 }, () => apply(codes, 1, required(codes))));
    await Promise.all(ids.map((id) => e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk)));
    const answers = await Promise.all(ids.map((id) => e.http.post<{ caseNo: string; acceptanceNoticeNo: string }>(`/api/v1/applications/${id}/accept`, undefined, clerk)));
    // a second acceptance of the same application is refused and takes no number
    expect((await e.http.post(`/api/v1/applications/${ids[0]}/accept`, undefined, clerk)).status).toBe(409);
    const next = await apply(codes, 1, required(codes));
    await e.http.post(`/api/v1/applications/${next}/precheck`, { results: [] }, clerk);
    answers.push(await e.http.post<{ caseNo: string; acceptanceNoticeNo: string }>(`/api/v1/applications/${next}/accept`, undefined, clerk));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
    const seqOf = (s: string) => Number((/(\d+)\D*$/.exec(s) as RegExpExecArray)[1]);
    const contiguous = (nos: number[]) => {
      const sorted = [...nos].sort((a, b) => a - b);
      return sorted.every((n, i) => n === (sorted[0] as number) + i);
    };
    const caseSeqs = answers.map((a) => seqOf(a.body.caseNo));
    const noticeSeqs = answers.map((a) => seqOf(a.body.acceptanceNoticeNo));
    expect(new Set(caseSeqs).size).toBe(13);
    expect(contiguous(caseSeqs)).toBe(true);
    expect(new Set(noticeSeqs).size).toBe(13);
    expect(contiguous(noticeSeqs)).toBe(true);
    // the last one, accepted alone after the others, has the highest number of both kinds
    expect(Math.max(...caseSeqs)).toBe(caseSeqs[12]);
    // each case's notice carries its own two numbers, and its timeline the acceptance
    const one = answers[3]?.body as { caseNo: string; acceptanceNoticeNo: string };
    const text = await pdfText(await fetch(`${e.http.base}/api/v1/cases/${one.caseNo}/acceptance-notice.pdf`, { headers: { authorization: `Bearer ${clerk}` } }));
    expect(text).toContain(one.caseNo);
    expect(text.replace(/\s/g, '')).toContain(one.acceptanceNoticeNo);
    const c = await e.http.get<{ timeline: { event: string }[] }>(`/api/v1/cases/${one.caseNo}`, clerk);
    expect(c.body.timeline.map((t) => t.event)).toContain('accepted');
  });

  it("keeps the clerk's steps right when two intake instances share them (each may hold a stale copy of an application)", async () => {
    e.system.start('intake#2');
    try {
      await eventually(async () => e.logs.filter((l) => l.app === 'intake' && l.line.includes('intake ready')).length >= 2, 60_000, 200);
      const codes = ['ZRZY-001'];
      const all = required(codes);
      // plain: create, pre-check, accept — whichever instance takes each step
      const plain = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const id = await apply(codes, 1, all);
          expect((await e.http.post<{ status: string }>(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk)).body.status).toBe('complete');
          return e.http.post<{ caseNo: string }>(`/api/v1/applications/${id}/accept`, undefined, clerk);
        }),
      );
      expect(plain.map((a) => a.status)).toEqual(plain.map(() => 201));
      // a notice, a supplement (new round), then complete and accepted
      for (let i = 0; i < 3; i++) {
        const id = await apply(codes, 1, all.slice(1));
        expect((await e.http.post<{ status: string }>(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk)).body.status).toBe('incomplete');
        await e.http.post(`/api/v1/applications/${id}/materials`, { materials: [{ code: all[0]?.code, form: 'paper' }] }, clerk);
        expect((await e.http.post<{ status: string }>(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk)).body.status).toBe('complete');
        expect((await e.http.post(`/api/v1/applications/${id}/accept`, undefined, clerk)).status).toBe(201);
      }
      // rejected after a complete pre-check: an instance still holding the pre-checked copy must not accept it
      for (let i = 0; i < 6; i++) {
        const id = await apply(codes, 1, all);
        await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
        expect((await e.http.post(`/api/v1/applications/${id}/reject`, { reason: '不属于本机关职权范围' }, clerk)).status).toBe(200);
        const acc = await e.http.post<ErrorAnswer>(`/api/v1/applications/${id}/accept`, undefined, clerk);
        expect(acc.status).toBe(409);
        expect(acc.body.error.code).toBe('INVALID_STATE');
        expect((await e.http.get<{ status: string; caseNo?: string }>(`/api/v1/applications/${id}`, clerk)).body).toMatchObject({ status: 'rejected' });
      }
      const seqs = plain.map((a) => Number(/(\d+)$/.exec(a.body.caseNo)?.[1]));
      expect(new Set(seqs).size).toBe(8);
    } finally {
      await e.system.kill('intake#2', 'SIGTERM');
    }
  });

  it("versions the catalogue: an administrator's change applies to new applications, a case keeps the version it was accepted under", async () => {
    const admin = await e.http.login('admin');
    const id1 = await apply(['STHJ-002'], 1, required(['STHJ-002']));
    await e.http.post(`/api/v1/applications/${id1}/precheck`, { results: [] }, clerk);
    const old = await e.http.post<{ caseNo: string; tasks: { dueDate: string }[] }>(`/api/v1/applications/${id1}/accept`, undefined, clerk);
    const changed = await e.http.call<{ promisedDays: number }>('PATCH', '/api/v1/admin/catalog/items/STHJ-002', { promisedDays: 5, note: '县审改办要求压缩承诺时限' }, admin);
    expect(changed.status).toBe(200);
    expect(changed.body.promisedDays).toBe(5);
    const bad = await e.http.call<ErrorAnswer>('PATCH', '/api/v1/admin/catalog/items/STHJ-002', { promisedDays: 99, note: 'x' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field)).toContain('promisedDays');
    expect((await e.http.call('PATCH', '/api/v1/admin/catalog/items/STHJ-002', { promisedDays: 4, note: 'x' }, clerk)).status).toBe(403);
    const versions = await e.http.get<{ version: number; itemCode: string; createdBy: string }[]>('/api/v1/admin/catalog/versions', admin);
    expect(versions.body[0]).toMatchObject({ itemCode: 'STHJ-002', createdBy: 'admin' });

    // intake checks applications against its copy of the catalogue, refreshed by `catalog.changed` (within moments)
    const oldCase = await e.http.get<{ catalogVersion: number }>(`/api/v1/cases/${old.body.caseNo}`, clerk);
    const fresh = await eventually(async () => {
      const id2 = await apply(['STHJ-002'], 1, required(['STHJ-002']));
      await e.http.post(`/api/v1/applications/${id2}/precheck`, { results: [] }, clerk);
      const accepted = await e.http.post<{ caseNo: string; tasks: { dueDate: string }[] }>(`/api/v1/applications/${id2}/accept`, undefined, clerk);
      const c = await e.http.get<{ catalogVersion: number }>(`/api/v1/cases/${accepted.body.caseNo}`, clerk);
      return c.body.catalogVersion > oldCase.body.catalogVersion && accepted;
    }, 5_000, 200);
    expect((fresh.body.tasks[0]?.dueDate ?? '') < (old.body.tasks[0]?.dueDate ?? '')).toBe(true);
  });

  it('delivers the results together, unless the applicant asks for one item early', async () => {
    const codes = ['ZRZY-001', 'FGW-002'];
    const id = await apply(codes, 1, required(codes));
    await e.http.post(`/api/v1/applications/${id}/precheck`, { results: [] }, clerk);
    const { caseNo } = (await e.http.post<{ caseNo: string }>(`/api/v1/applications/${id}/accept`, undefined, clerk)).body;
    expect((await e.http.post(`/api/v1/cases/${caseNo}/early-delivery`, { itemCode: 'ZRZY-001' }, clerk)).status).toBe(200);
    expect((await e.http.post(`/api/v1/cases/${caseNo}/early-delivery`, { itemCode: 'STHJ-001' }, clerk)).status).toBe(400);
    const zrzy = await e.http.login('zrzy1');
    const fgw = await e.http.login('fgw1');
    const taskOf = async (token: string) => eventually(async () => (await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, token)).body[0]);
    await e.http.post(`/api/v1/review/tasks/${(await taskOf(zrzy)).id}/decide`, { outcome: 'approve', opinion: '同意' }, zrzy);
    // the early item's certificate comes at once, the case is still in review
    const early = await eventually(async () => {
      const r = await e.http.get<{ status: string; certificates: { itemCode: string }[] }>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.certificates.length === 1 ? r.body : null;
    });
    expect(early.certificates.map((c) => c.itemCode)).toEqual(['ZRZY-001']);
    expect(early.status).toBe('in_review');
    await e.http.post(`/api/v1/review/tasks/${(await taskOf(fgw)).id}/decide`, { outcome: 'approve', opinion: '同意' }, fgw);
    const all = await eventually(async () => {
      const r = await e.http.get<{ status: string; certificates: { itemCode: string }[] }>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.status === 'ready_for_delivery' && r.body.certificates.length === 2 ? r.body : null;
    });
    expect(all.certificates.map((c) => c.itemCode).sort()).toEqual(['FGW-002', 'ZRZY-001']);
    const sms = await eventually(async () => {
      const r = await e.http.get<{ template: string }[]>(`/api/v1/cases/${caseNo}/notifications`, clerk);
      return r.body.filter((m) => m.template === 'RESULT_READY').length === 2 ? r.body : null;
    });
    expect(sms.filter((m) => m.template === 'RESULT_READY')).toHaveLength(2);
  });

  it('takes the applicant\'s own online submission, recorded as such, checked like any other', async () => {
    const mats = required(['ZRZY-001']);
    const body = {
      stage: 1,
      itemCodes: ['ZRZY-001'],
      applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678' },
      project: { code: aProjectCode(), name: '网上申报项目', location: '新县' },
      materials: mats.map((m) => ({ code: m.code, form: 'electronic' })),
    };
    const r = await e.http.post<{ id: string; status: string }>('/api/v1/portal/applications', { ...body, channel: 'hall' });
    expect(r.status).toBe(201);
    const app = await e.http.get<{ channel: string; createdBy: string }>(`/api/v1/applications/${r.body.id}`, clerk);
    expect(app.body).toMatchObject({ channel: 'online', createdBy: 'online-applicant' });
    const bad = await e.http.post<ErrorAnswer>('/api/v1/portal/applications', { ...body, applicant: { ...body.applicant, idNumber: '91350100M000100Y44' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field)).toContain('applicant.idNumber');
  });

  it("stores every business time by the services' clocks: the suite's day, and the days the tests above moved intake to", async () => {
    // a supplement on the suite's day (it moves the application's updated_at)
    const all = required(['ZRZY-001']);
    const id = await apply(['ZRZY-001'], 1, all.slice(1));
    expect((await e.http.post(`/api/v1/applications/${id}/materials`, { materials: [{ code: all[0]?.code, form: 'paper' }] }, clerk)).status).toBe(200);
    const { checked, off } = await timesOffTheClock(e, [E2E_START_DAY, '2026-09-29', '2026-10-12', '2026-10-13', '2026-10-20']);
    expect(off).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });
});
