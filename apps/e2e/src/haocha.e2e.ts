/**
 * 好差评 over HTTP: each service event of a case (受理, 审批, 领证) rated once, through each channel — the window's pad
 * (device secret), a paper score sheet, a one-time link (reused → 410), the window's QR, an SMS reply digit (the RPC
 * notification's reply callbacks call) and the hall's default after N days; rating twice → 409; an event that has not
 * happened → 409 in Chinese; an expired link → 410. A bad review is driven through call-back, an appeal rejected and
 * rectification (the applicant told by SMS), another to 无效差评, and two left alone raise yellow then red on the
 * test clock, each by SMS to the department's head and the supervisor. A decision is rated through the link of the
 * completion SMS (出件); the hand-over is attributed to the pick-up window that handed over.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Rpc } from '@yichuang/contracts';
import { aCreditCode, aPhone, aProjectCode, aResidentId, eventually, testRpcClient } from '@yichuang/testing';
import { setClock, startE2E, type E2E } from './harness.js';

interface Item { code: string; materials: { code: string; required: boolean; forms: string[] }[] }
interface ServiceEvent { id: string; kind: 'acceptance' | 'decision' | 'handover'; windowNo?: string; rated: boolean; evaluation?: { channel: string; level: string } }
interface Rating { id: string; channel: string; level: string; bad: boolean; rectification?: { status: string; dueDate: string } }
interface Rect { evaluationId: string; status: string; alarms: string[]; onTime?: boolean; appeal?: { status: string } }
interface ErrorBody { error: { code: string; message: string; messageZh?: string } }

const CONTACT_ID = aResidentId();

describe('好差评 per service event, every channel, bad reviews to closure (HTTP)', () => {
  let e: E2E;
  let clerk: string;
  let supervisor: string;
  let admin: string;
  let catalogue: Item[];

  beforeAll(async () => {
    // the hall's rule: 满意 for a service left unrated 7 days
    e = await startE2E({ env: { EVALUATION_DEFAULT_LEVEL: 'satisfied', EVALUATION_DEFAULT_AFTER_DAYS: '7' } });
    clerk = await e.http.login('clerk1');
    supervisor = await e.http.login('supervisor1');
    admin = await e.http.login('admin');
    catalogue = (await e.http.get<Item[]>('/api/v1/catalog/items')).body;
  });

  afterAll(async () => {
    await e?.stop();
  });

  async function acceptedCase(phone = aPhone()): Promise<{ caseNo: string; phone: string }> {
    const item = catalogue.find((i) => i.code === 'ZRZY-001') as Item;
    const r = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: ['ZRZY-001'],
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone, agentName: '李四', contact: { name: '李四', idNumber: CONTACT_ID, phone } },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇' },
        materials: item.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] ?? 'paper' })),
      },
      clerk,
    );
    expect(r.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${r.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const acc = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${r.body.id}/accept`, undefined, clerk);
    expect(acc.status).toBe(201);
    return { caseNo: acc.body.caseNo, phone };
  }

  const eventsOf = async (caseNo: string, n: number) =>
    eventually(async () => {
      const r = await e.http.get<ServiceEvent[]>(`/api/v1/cases/${caseNo}/service-events`, clerk);
      return r.status === 200 && r.body.length === n ? r.body : null;
    }, 30_000);
  const kind = (list: ServiceEvent[], k: ServiceEvent['kind']) => list.find((x) => x.kind === k) as ServiceEvent;
  const act = (id: string, body: Record<string, string>, token: string) => e.http.post<Rect & ErrorBody>(`/api/v1/rectifications/${id}/actions`, body, token);

  it('rates 受理 on the pad, 审批 on paper (a bad review driven to 已整改 through an appeal), 领证 by link; twice → 409, reused link → 410', async () => {
    const { caseNo } = await acceptedCase();
    const [acceptance] = await eventsOf(caseNo, 1);
    const windowNo = acceptance?.windowNo as string;
    expect(windowNo).toBeTruthy();

    // the pad of the window: registered by the admin, rates the window's current service with its device secret
    const pad = await e.http.post<{ deviceSecret: string }>('/api/v1/evaluation-pads', { windowNo }, admin);
    expect(pad.status).toBe(201);
    const wrong = await e.http.post('/api/v1/evaluations/pad', { windowNo, level: 'satisfied' }, undefined, { 'x-device-secret': 'not-the-secret-of-this-pad' });
    expect(wrong.status).toBe(401);
    const byPad = await e.http.post<Rating>('/api/v1/evaluations/pad', { windowNo, level: 'very_satisfied' }, undefined, { 'x-device-secret': pad.body.deviceSecret });
    expect(byPad.status).toBe(201);
    expect(byPad.body).toMatchObject({ channel: 'pad', level: 'very_satisfied' });
    const twice = await e.http.post<ErrorBody>('/api/v1/evaluations/paper', { serviceEventId: acceptance?.id, level: 'basic' }, clerk);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('ALREADY_RATED');
    const notYet = await e.http.post<ErrorBody>('/api/v1/evaluations/paper', { serviceEventId: randomUUID(), level: 'basic' }, clerk);
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.message).toMatch(/尚未发生/);

    // 审批 by ZRZY, rated on paper as 不满意: a rectification case
    const zrzy = await e.http.login('zrzy1');
    const task = await eventually(async () => (await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, zrzy)).body[0]);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '同意' }, zrzy)).status).toBe(200);
    const decision = kind(await eventsOf(caseNo, 2), 'decision');
    const bad = await e.http.post<Rating>('/api/v1/evaluations/paper', { serviceEventId: decision.id, level: 'dissatisfied', comment: '审批太慢' }, clerk);
    expect(bad.status).toBe(201);
    expect(bad.body).toMatchObject({ channel: 'paper', bad: true, rectification: { status: 'pending_verification' } });
    const id = bad.body.id;
    expect((await act(id, { action: 'rectified' }, clerk)).status).toBe(409);
    expect((await act(id, { action: 'callback', note: '申请人反映等了很久' }, clerk)).body.status).toBe('rectifying');
    expect((await act(id, { action: 'appeal', reason: 'not_this_service', note: '时限内办结' }, clerk)).body.appeal).toMatchObject({ status: 'pending' });
    expect((await act(id, { action: 'appeal_rejected' }, clerk)).status).toBe(403);
    expect((await act(id, { action: 'appeal_rejected' }, supervisor)).body).toMatchObject({ status: 'rectifying', appeal: { status: 'rejected' } });
    expect((await act(id, { action: 'rectified', note: '已优化审批流程' }, clerk)).body).toMatchObject({ status: 'rectified', onTime: true });
    // the applicant is told of the outcome by SMS
    await eventually(async () => {
      const r = await e.http.get<{ template: string }[]>(`/api/v1/cases/${caseNo}/notifications`, clerk);
      return r.body.some((m) => m.template === 'RECTIFICATION_OUTCOME') ? true : null;
    }, 30_000);

    // 领证: collected, then rated by the one-time link of the completion SMS; the link again → 410
    const cert = await eventually(async () => {
      const c = await e.http.get<{ certificates: { id: string }[] }>(`/api/v1/cases/${caseNo}`, clerk);
      return c.body.certificates?.[0];
    }, 30_000);
    // handed over at the pick-up window (P01): the 领证 event is that window's, not the accepting one's
    const pickup = await e.http.login('pickup1');
    expect((await e.http.post(`/api/v1/certificates/${cert.id}/collect`, { collectorName: '李四', collectorIdNumber: CONTACT_ID }, pickup)).status).toBe(200);
    const handover = kind(await eventsOf(caseNo, 3), 'handover');
    expect(handover.windowNo).toBe('P01');
    expect(windowNo).not.toBe('P01');
    const link = await e.http.post<{ token: string }>('/api/v1/evaluation-links', { serviceEventId: handover.id }, clerk);
    expect(link.status).toBe(201);
    const byLink = await e.http.post<Rating>('/api/v1/evaluations/link', { token: link.body.token, level: 'satisfied' });
    expect(byLink.status).toBe(201);
    expect(byLink.body.channel).toBe('online');
    const reused = await e.http.post<ErrorBody>('/api/v1/evaluations/link', { token: link.body.token, level: 'basic' });
    expect(reused.status).toBe(410);
    expect(reused.body.error.code).toBe('GONE');
  });

  it('rates by the QR at the window and by SMS reply; a bad one is declared invalid; an open one alarms yellow then red; an expired link → 410; the default after 7 days', async () => {
    // QR: bound to the window's current service, rated 不满意 and left open
    const b = await acceptedCase();
    const [bAcc] = await eventsOf(b.caseNo, 1);
    const qr = await e.http.post<{ token: string }>('/api/v1/evaluation-links', { windowNo: bAcc?.windowNo }, clerk);
    expect(qr.status).toBe(201);
    const byQr = await e.http.post<Rating>('/api/v1/evaluations/link', { token: qr.body.token, level: 'dissatisfied' });
    expect(byQr.body).toMatchObject({ channel: 'qr', bad: true });

    // SMS reply "1" (非常不满意) to the completion SMS: the latest unrated event of that phone; declared invalid
    const c = await acceptedCase();
    await eventsOf(c.caseNo, 1);
    const rpc = testRpcClient(e.infra.natsUrl);
    let smsRatingId: string;
    try {
      const reply = await rpc.request(Rpc.evaluation.smsReply, { phone: c.phone, text: '1' });
      expect(reply).toMatchObject({ rated: true, evaluation: { channel: 'sms', level: 'very_dissatisfied' } });
      smsRatingId = reply.evaluation?.id as string;
    } finally {
      await rpc.onApplicationShutdown();
    }
    expect((await act(smsRatingId, { action: 'invalid', reason: 'malicious' }, clerk)).status).toBe(403);
    expect((await act(smsRatingId, { action: 'invalid', reason: 'malicious' }, supervisor)).body).toMatchObject({ status: 'invalid' });

    // 审批 rated 不满意 through the one-time link of the completion SMS (出件), and left open: ZRZY's rectification
    const f = await acceptedCase();
    const zrzy = await e.http.login('zrzy1');
    const task = await eventually(async () => (await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${f.caseNo}`, zrzy)).body[0], 30_000);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '同意' }, zrzy)).status).toBe(200);
    const ready = await eventually(async () => {
      const r = await e.http.get<{ template: string; content: string }[]>(`/api/v1/cases/${f.caseNo}/notifications`, clerk);
      return r.body.find((m) => m.template === 'RESULT_READY');
    }, 30_000);
    const token = (/\/r\/([A-Za-z0-9_-]{16}) /.exec(ready.content) ?? [])[1] as string;
    expect(token).toBeTruthy();
    const byMail = await eventually(async () => {
      const r = await e.http.post<Rating>('/api/v1/evaluations/link', { token, level: 'dissatisfied', comment: '材料退回了两次' });
      return r.status === 201 ? r : null;
    }, 30_000);
    expect(byMail.body).toMatchObject({ channel: 'online', bad: true, rectification: { status: 'pending_verification' } });
    expect((await e.http.post<ErrorBody>('/api/v1/evaluations/link', { token, level: 'satisfied' })).status).toBe(410);

    // a case left unrated, with a link issued for it
    const d = await acceptedCase();
    const [dAcc] = await eventsOf(d.caseNo, 1);
    const late = await e.http.post<{ token: string }>('/api/v1/evaluation-links', { serviceEventId: dAcc?.id }, clerk);

    // the test clock: the QR's bad review reaches its call-back due date (yellow), then is overdue (red)
    try {
      await setClock(e, 'evaluation', '2026-12-03T02:00:00.000Z');
      expect((await e.http.post('/api/v1/evaluations/sweep', undefined, supervisor)).status).toBe(200);
      await setClock(e, 'evaluation', '2026-12-10T02:00:00.000Z');
      expect((await e.http.post('/api/v1/evaluations/sweep', undefined, supervisor)).status).toBe(200);
      expect((await e.http.post('/api/v1/evaluations/sweep', undefined, supervisor)).status).toBe(200);
      const expired = await e.http.post<ErrorBody>('/api/v1/evaluations/link', { token: late.body.token, level: 'satisfied' });
      expect(expired.status).toBe(410);
    } finally {
      await setClock(e, 'evaluation', null);
    }
    const open = (await e.http.get<Rect[]>('/api/v1/rectifications?status=pending_verification', supervisor)).body.find((r) => r.evaluationId === byQr.body.id);
    expect(open?.alarms).toEqual(['yellow', 'red']);
    const zrzyOpen = (await e.http.get<Rect[]>('/api/v1/rectifications?status=pending_verification', supervisor)).body.find((r) => r.evaluationId === byMail.body.id);
    expect(zrzyOpen?.alarms).toEqual(['yellow', 'red']);
    // each alarm by SMS, once, to the department's head and the supervisor (an acceptance's: the supervisor only)
    const alarmSms = (evaluationId: string, level: string) =>
      eventually(async () => {
        const rpc = testRpcClient(e.infra.natsUrl);
        try {
          const l = await rpc.request(Rpc.notification.listByRef, { ref: `rectification:${evaluationId}:${level}` });
          return l.length > 0 ? l : null;
        } finally {
          await rpc.onApplicationShutdown();
        }
      }, 30_000);
    for (const level of ['yellow', 'red']) {
      const sms = await alarmSms(byMail.body.id, level);
      expect(sms.map((m) => m.recipient).sort()).toEqual(['139****0301', '139****0402']);
      expect(sms.every((m) => m.template === 'RECTIFICATION_ALARM' && m.content.includes(f.caseNo))).toBe(true);
      expect((await alarmSms(byQr.body.id, level)).map((m) => m.recipient)).toEqual(['139****0301']);
    }
    const defaulted = kind(await eventsOf(d.caseNo, 1), 'acceptance');
    expect(defaulted.evaluation).toMatchObject({ channel: 'default' });

    const stats = await e.http.get<{ key: string; ratings: number }[]>('/api/v1/evaluations/stats?by=window', supervisor);
    expect(stats.status).toBe(200);
    expect(stats.body.reduce((n, r) => n + r.ratings, 0)).toBeGreaterThanOrEqual(5);
    expect((await e.http.get('/api/v1/evaluations/stats?by=window', clerk)).status).toBe(403);
  });
});
