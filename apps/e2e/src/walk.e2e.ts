/**
 * The walking skeleton: one case through the whole hall, over HTTP, against the real apps, real
 * PostgreSQL and real NATS/JetStream (issue: the platform, point 8).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { aCreditCode, aProjectCode, aResidentId, E2E_START_DAY, eventually } from '@yichuang/testing';
import { startE2E, timesOffTheClock, type E2E } from './harness.js';

/** the contact recorded on every application of the walk: who collects its results */
const CONTACT_ID = aResidentId();

interface Item { code: string; stage: number; department: { code: string }; kind: string; materials: { code: string; required: boolean }[] }
interface Task { id: string; caseNo: string; itemCode: string; department: string; status: string; dueDate: string; remainingWorkingDays: number; alarm: string }
interface CaseBody { caseNo: string; status: string; applicant: { idNumber: string; phone: string }; tasks: Task[]; certificates: { id: string; no: string; itemCode: string; status: string }[]; timeline: { event: string; actor: string }[] }

describe('walking skeleton: queue-less walk from application to rating', () => {
  let e: E2E;
  let clerk: string;

  beforeAll(async () => {
    e = await startE2E();
    clerk = await e.http.login('clerk1');
  });

  afterAll(async () => {
    await e?.stop();
  });

  async function stage1Items(): Promise<Item[]> {
    const r = await e.http.get<Item[]>('/api/v1/catalog/items?stage=1');
    expect(r.status).toBe(200);
    return r.body;
  }

  /** Create, pre-check and accept an application for ZRZY-001 + FGW-002 with every required material. */
  async function acceptCase(headers: Record<string, string> = {}): Promise<{ caseNo: string; phone: string; tasks: { itemCode: string; department: string; dueDate: string }[] }> {
    const items = (await stage1Items()).filter((i) => i.code === 'ZRZY-001' || i.code === 'FGW-002');
    expect(items.map((i) => i.department.code).sort()).toEqual(['FGW', 'ZRZY']);
    const phone = '13912345678';
    const created = await e.http.post<{ id: string; status: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: items.map((i) => i.code),
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone, agentName: '李四', contact: { name: '李四', idNumber: CONTACT_ID, phone } },
        project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
      },
      clerk,
      headers,
    );
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('submitted');
    const pre = await e.http.post<{ status: string; problems: unknown[] }>(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk, headers);
    expect(pre.status).toBe(200);
    expect(pre.body).toEqual({ status: 'complete', problems: [] });
    const accepted = await e.http.post<{ caseNo: string; acceptedAt: string; tasks: { itemCode: string; department: string; dueDate: string }[] }>(
      `/api/v1/applications/${created.body.id}/accept`,
      undefined,
      clerk,
      headers,
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.caseNo).toMatch(/^[A-Za-z0-9-]+$/);
    return { caseNo: accepted.body.caseNo, phone, tasks: accepted.body.tasks };
  }

  it('reports every service up', async () => {
    const r = await e.http.get<{ status: string; services: Record<string, string> }>('/api/health');
    expect(r.status).toBe(200);
    expect(r.body.services).toEqual({ intake: 'up', review: 'up', certificate: 'up', notification: 'up', evaluation: 'up', admin: 'up', statistics: 'up', exchange: 'up' });
  });

  it('walks one case from application to rating', async () => {
    const { caseNo, tasks: planned } = await acceptCase();
    expect(planned.map((t) => t.department).sort()).toEqual(['FGW', 'ZRZY']);
    for (const t of planned) expect(t.dueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    // each reviewer sees only its own department's task, created by the case.accepted event
    const zrzy = await e.http.login('zrzy1');
    const fgw = await e.http.login('fgw1');
    const zrzyTasks = await eventually(async () => {
      const r = await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, zrzy);
      return r.body.length > 0 ? r.body : null;
    });
    expect(zrzyTasks).toHaveLength(1);
    expect(zrzyTasks[0]).toMatchObject({ caseNo, department: 'ZRZY', itemCode: 'ZRZY-001', status: 'pending', alarm: 'none' });
    const fgwTasks = await eventually(async () => {
      const r = await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, fgw);
      return r.body.length > 0 ? r.body : null;
    });
    expect(fgwTasks).toHaveLength(1);
    expect(fgwTasks[0]?.department).toBe('FGW');

    // a reviewer cannot decide another department's task
    const zrzyTask = zrzyTasks[0] as Task;
    const fgwTask = fgwTasks[0] as Task;
    const foreign = await e.http.post(`/api/v1/review/tasks/${zrzyTask.id}/decide`, { outcome: 'approve', opinion: '同意' }, fgw);
    expect([403, 404]).toContain(foreign.status);

    // both approve
    expect((await e.http.post(`/api/v1/review/tasks/${zrzyTask.id}/claim`, undefined, zrzy)).status).toBe(200);
    const d1 = await e.http.post(`/api/v1/review/tasks/${zrzyTask.id}/decide`, { outcome: 'approve', opinion: '符合用地政策，准予许可。' }, zrzy);
    expect(d1.status).toBe(200);
    const again = await e.http.post<{ error: { code: string } }>(`/api/v1/review/tasks/${zrzyTask.id}/decide`, { outcome: 'deny', opinion: '再次' }, zrzy);
    expect(again.status).toBe(409);
    const d2 = await e.http.post(`/api/v1/review/tasks/${fgwTask.id}/decide`, { outcome: 'approve', opinion: '符合产业政策，予以核准。' }, fgw);
    expect(d2.status).toBe(200);

    // decided → a certificate per approved item, ready for delivery
    const ready = await eventually(async () => {
      const r = await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.status === 'ready_for_delivery' ? r.body : null;
    });
    expect(ready.certificates.map((c) => c.itemCode).sort()).toEqual(['FGW-002', 'ZRZY-001']);
    // numbered in Chinese by document type: 用地预审与选址意见书 用字第…号, 核准批复 投核字第…号 — no English type in them
    expect(Object.fromEntries(ready.certificates.map((c) => [c.itemCode, c.no]))).toEqual({
      'FGW-002': expect.stringMatching(/^投核字第411523\d{4}\d{5}号$/),
      'ZRZY-001': expect.stringMatching(/^用字第411523\d{4}\d{5}号$/),
    });
    expect(ready.applicant.idNumber).toContain('*');
    expect(ready.applicant.phone).toMatch(/^\d{3}\*{4}\d{4}$/);

    // an SMS record for the applicant
    const sms = await eventually(async () => {
      const r = await e.http.get<{ channel: string; template: string; status: string; recipient: string }[]>(`/api/v1/cases/${caseNo}/notifications`, clerk);
      return r.body.some((m) => m.template === 'RESULT_READY') ? r.body : null;
    });
    expect(sms.every((m) => m.channel === 'sms' && m.recipient === '139****5678')).toBe(true);
    expect(sms.map((m) => m.template)).toEqual(expect.arrayContaining(['CASE_ACCEPTED', 'RESULT_READY']));

    // collection of each certificate by the contact recorded on the application (nobody else may), then a rating
    const stranger = await e.http.post<{ error: { code: string } }>(`/api/v1/certificates/${ready.certificates[0]?.id}/collect`, { collectorName: '王五', collectorIdNumber: aResidentId() }, clerk);
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('COLLECTOR_NOT_AUTHORISED');
    for (const c of ready.certificates) {
      const r = await e.http.post(`/api/v1/certificates/${c.id}/collect`, { collectorName: '李四', collectorIdNumber: CONTACT_ID }, clerk);
      expect(r.status).toBe(200);
    }
    const twice = await e.http.post(`/api/v1/certificates/${ready.certificates[0]?.id}/collect`, { collectorName: '李四', collectorIdNumber: CONTACT_ID }, clerk);
    expect(twice.status).toBe(409);
    await eventually(async () => (await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk)).body.status === 'delivered');
    const rating = await e.http.post('/api/v1/evaluations', { caseNo, level: 'very_satisfied', channel: 'pad', windowNo: 'W01' }, clerk);
    expect(rating.status).toBe(201);
    expect((await e.http.post('/api/v1/evaluations', { caseNo, level: 'satisfied', channel: 'pad' }, clerk)).status).toBe(409);

    // the whole timeline
    const closed = await eventually(async () => {
      const r = await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.status === 'closed' ? r.body : null;
    });
    const events = closed.timeline.map((t) => t.event);
    for (const ev of ['accepted', 'dispatched', 'task_decided', 'decided', 'certificates_issued', 'certificate_collected', 'evaluated']) {
      expect(events).toContain(ev);
    }
    expect(closed.timeline.filter((t) => t.event === 'task_decided').map((t) => t.actor).sort()).toEqual(['fgw1', 'zrzy1']);

    // a reviewer of a department not in the case cannot see it
    const zjj = await e.http.login('zjj1');
    expect((await e.http.get(`/api/v1/cases/${caseNo}`, zjj)).status).toBe(404);
    // and the review service of the case's department can
    expect((await e.http.get(`/api/v1/cases/${caseNo}`, zrzy)).status).toBe(200);
  });

  it("stores every business time by the services' clock (the suite's day), never by the machine's or the database's", async () => {
    const { caseNo } = await acceptCase();
    // the acceptance's tasks, SMS and rating reference exist: review, notification and evaluation have stored their part
    await eventually(async () => (await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk)).body.tasks?.length === 2);
    await eventually(async () => (await e.http.get<{ template: string }[]>(`/api/v1/cases/${caseNo}/notifications`, clerk)).body.length > 0);
    const { checked, off } = await timesOffTheClock(e, [E2E_START_DAY]);
    expect(off).toEqual([]);
    expect(checked).toBeGreaterThan(10);
  });

  it('carries the correlation id of an HTTP request through NATS, the outbox and JetStream into another service\'s logs', async () => {
    const correlationId = `e2e-corr-${randomUUID()}`;
    const { caseNo } = await acceptCase({ 'x-correlation-id': correlationId });
    // notification handles case.accepted (written by intake's outbox) and logs the SMS it sends
    const line = await eventually(async () => e.logs.find((l) => l.app === 'notification' && l.line.includes(correlationId) && l.line.includes('sms to')));
    expect(JSON.parse(line.line)).toMatchObject({ service: 'notification', correlationId });
    expect(line.line).not.toMatch(/\b1[3-9]\d{9}\b/);
    expect(caseNo).toBeTruthy();
  });

  it('answers 503 naming the stopped service, and recovers when it is back', async () => {
    await e.system.kill('evaluation', 'SIGKILL');
    const r = await e.http.post<{ error: { code: string } }>('/api/v1/evaluations', { caseNo: 'X-1', level: 'satisfied', channel: 'pad' }, clerk);
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('SERVICE_UNAVAILABLE');
    const health = await e.http.get<{ status: string; services: Record<string, string> }>('/api/health');
    expect(health.status).toBe(503);
    expect(health.body.services['evaluation']).toBe('down');
    expect(health.body.services['intake']).toBe('up');
    e.system.start('evaluation');
    await e.system.waitHealthy(60_000);
  });

  it('shares events between two instances of the review service without creating anything twice', async () => {
    const consuming = () => e.logs.filter((l) => l.app === 'review' && l.line.includes('"message":"consuming'));
    const before = consuming().length;
    e.system.start('review#2');
    // the second instance has joined the durable consumers (a signal, not a fixed wait: it starts slowly on a busy machine)
    await eventually(async () => consuming().length > before, 60_000);
    const cases = [];
    for (let i = 0; i < 6; i++) cases.push((await acceptCase()).caseNo);
    const zrzy = await e.http.login('zrzy1');
    for (const caseNo of cases) {
      const tasks = await eventually(async () => {
        const r = await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, zrzy);
        return r.body.length > 0 ? r.body : null;
      });
      expect(tasks).toHaveLength(1);
    }
    expect(consuming().length).toBeGreaterThanOrEqual(2);
    await e.system.kill('review#2', 'SIGTERM');
  });

  it('survives the review service being killed after acceptance (SIGKILL) with exactly one task per department and one certificate per item', async () => {
    await e.system.kill('review', 'SIGKILL');
    const { caseNo } = await acceptCase(); // accepted while review is down: the event waits in JetStream
    e.system.start('review');
    await e.system.waitHealthy(60_000);
    const zrzy = await e.http.login('zrzy1');
    const fgw = await e.http.login('fgw1');
    const tasksOf = async (token: string) => (await e.http.get<Task[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, token)).body;
    const [zt] = await eventually(async () => ((await tasksOf(zrzy)).length > 0 ? tasksOf(zrzy) : null));
    // kill it again between the two decisions
    expect((await e.http.post(`/api/v1/review/tasks/${zt?.id}/decide`, { outcome: 'approve', opinion: '同意' }, zrzy)).status).toBe(200);
    await e.system.kill('review', 'SIGKILL');
    e.system.start('review');
    await e.system.waitHealthy(60_000);
    const [ft] = await eventually(async () => ((await tasksOf(fgw)).length > 0 ? tasksOf(fgw) : null));
    expect((await e.http.post(`/api/v1/review/tasks/${ft?.id}/decide`, { outcome: 'approve', opinion: '同意' }, fgw)).status).toBe(200);

    const done = await eventually(async () => {
      const r = await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.status === 'ready_for_delivery' ? r.body : null;
    }, 30_000);
    expect(done.tasks.map((t) => t.department).sort()).toEqual(['FGW', 'ZRZY']);
    expect(done.certificates.map((c) => c.itemCode).sort()).toEqual(['FGW-002', 'ZRZY-001']);
    expect(new Set(done.certificates.map((c) => c.no)).size).toBe(2);
  });
});
