/**
 * Complaints over HTTP (issue 14, item 4): made online by the public, routed by the consultation window to the
 * responsible department, answered there (another department cannot), the complainant told by SMS, closed; one left
 * unanswered past its working-day deadline is alarmed to the supervisor with its department.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Rpc } from '@yichuang/contracts';
import { eventually, testRpcClient } from '@yichuang/testing';
import { setClock, startE2E, type E2E } from './harness.js';

interface Complaint {
  id: string;
  status: string;
  dueDate: string;
  department?: string;
  reply?: { text: string; by: string; at: string };
}

describe('complaints: online, routed, answered by the department, alarmed when late', () => {
  let e: E2E;
  let consult: string;

  beforeAll(async () => {
    e = await startE2E();
    consult = await e.http.login('consult1');
  });

  afterAll(async () => {
    await e?.stop();
  });

  const complain = (topic: string) =>
    e.http.post<Complaint>('/api/v1/public/complaints', { topic, question: '选址意见书办理超过承诺时限仍未办结，请核查。', contactName: '王五', phone: '13712345678' });

  it('takes a complaint online, routes it, lets only its department answer, tells the complainant, closes it', async () => {
    const made = await complain('办理超时');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'open', dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    // nobody answers before it is routed
    const zrzy = await e.http.login('zrzy1');
    expect((await e.http.post(`/api/v1/consultations/${made.body.id}/reply`, { reply: '已核查。' }, zrzy)).status).toBe(409);
    const routed = await e.http.post<Complaint>(`/api/v1/consultations/${made.body.id}/route`, { department: 'ZRZY' }, consult);
    expect(routed.status).toBe(200);
    expect(routed.body.department).toBe('ZRZY');
    // another department may not answer it
    expect((await e.http.post(`/api/v1/consultations/${made.body.id}/reply`, { reply: '不是我们的。' }, await e.http.login('fgw1'))).status).toBe(403);
    const answered = await e.http.post<Complaint>(`/api/v1/consultations/${made.body.id}/reply`, { reply: '经核查，已督促经办人于3个工作日内办结。' }, zrzy);
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', reply: { text: '经核查，已督促经办人于3个工作日内办结。', by: 'zrzy1' } });
    expect((await e.http.post(`/api/v1/consultations/${made.body.id}/reply`, { reply: '再次' }, zrzy)).status).toBe(409);
    // the complainant hears of the answer by SMS (the number masked in the log line)
    await eventually(async () => e.logs.some((l) => l.app === 'notification' && l.line.includes('sms to 137****5678 template COMPLAINT_REPLIED')));
    expect((await e.http.post(`/api/v1/consultations/${made.body.id}/close`, { resolution: '已答复投诉人，投诉人无异议。' }, consult)).status).toBe(200);
  });

  it('alarms a complaint left unanswered past its deadline, naming its department, to the supervisor', async () => {
    const made = await complain('窗口服务态度');
    expect((await e.http.post(`/api/v1/consultations/${made.body.id}/route`, { department: 'ZJJ' }, consult)).status).toBe(200);
    // intake's clock a week after the deadline, then its supervision sweep
    await setClock(e, 'intake', `${made.body.dueDate}T10:00:00+08:00`);
    const later = new Date(Date.parse(`${made.body.dueDate}T10:00:00+08:00`) + 7 * 86_400_000).toISOString();
    await setClock(e, 'intake', later);
    const rpc = testRpcClient(e.infra.natsUrl);
    try {
      await rpc.request(Rpc.intake.sweep, {}, { actor: { username: 'supervisor1', roles: ['supervisor'] } });
    } finally {
      await rpc.onApplicationShutdown();
    }
    const supervisor = await e.http.login('supervisor1');
    const alarm = await eventually(async () => {
      const r = await e.http.get<{ kind: string; level: string; department?: string }[]>('/api/v1/supervision/alarms?level=red', supervisor);
      return r.body.find((a) => a.kind === 'complaint_overdue' && a.department === 'ZJJ');
    });
    expect(alarm).toMatchObject({ kind: 'complaint_overdue', level: 'red', department: 'ZJJ' });
  });
});
