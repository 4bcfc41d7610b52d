/**
 * The exchange with the provincial platforms (issue 18) over HTTP, against the compiled apps, real PostgreSQL and
 * NATS, and a local stub of the provincial 政务服务网 and 工程建设项目审批管理系统 (libs/testing `startProvinceStub`):
 * each step of a case reaches both once, in order per case, with the counterpart's field names and the applicant
 * only where needed; a platform down for a while leaves a backlog the supervisor sees, which drains when it returns;
 * the exchange service SIGKILLed between the platform's answer and its commit sends again with the same id, which
 * the platform counts once; the reconciliation finds a record the platform lost and sends it again; what the
 * province pushes (applications, complaints, 好差评 ratings) arrives once each, a wrongly signed push refused.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aProjectCode, eventually, FAKE_EXE, SAMPLE_PDF, startProvinceStub, type ProvinceStub, type StubCounterpart } from '@yichuang/testing';
import { createHash } from 'node:crypto';
import type { ExchangeBacklog, ProjectLookupView, ReconciliationReport } from '@yichuang/contracts';
import { chinaToday } from '@yichuang/domain';
import { Clock, signedHeaders } from '@yichuang/platform';
import pg from 'pg';
import { setClock, startE2E, type E2E } from './harness.js';

interface Item { code: string; materials: { code: string; required: boolean; forms: string[] }[] }

/** the key and secret the provincial 政务服务网 signs its pushes to the hall with */
const WEBHOOK = { appKey: 'henan-zwfw', secret: 'province-webhook-secret-for-tests' };
const realTime = new Clock();

/** the 政务服务网's own names for two of our fields (the rest keep ours) */
const ZWFW_FIELDS = { caseNo: 'bjbh', occurredAt: 'fssj' };

describe('the exchange with the provincial platforms over HTTP', () => {
  let e: E2E;
  let stub: ProvinceStub;
  let clerk: string;
  let supervisor: string;
  let zrzy: string;
  let item: Item;

  beforeAll(async () => {
    stub = await startProvinceStub({ fields: { zwfw: ZWFW_FIELDS } });
    e = await startE2E({
      env: {
        PROVINCE_ZWFW_URL: stub.url.zwfw,
        PROVINCE_ZWFW_APP_ID: stub.appId,
        PROVINCE_ZWFW_APP_SECRET: stub.secret,
        PROVINCE_ZWFW_FIELDS: JSON.stringify(ZWFW_FIELDS),
        PROVINCE_GCJS_URL: stub.url.gcjs,
        PROVINCE_GCJS_APP_ID: stub.appId,
        PROVINCE_GCJS_APP_SECRET: stub.secret,
        PROVINCE_DZJC_URL: stub.url.dzjc,
        PROVINCE_DZJC_APP_ID: stub.appId,
        PROVINCE_DZJC_APP_SECRET: stub.secret,
        PROVINCE_ZWFW_WEBHOOK_APP_ID: WEBHOOK.appKey,
        PROVINCE_ZWFW_WEBHOOK_SECRET: WEBHOOK.secret,
        PROVINCE_ZWFW_FILES_URL: stub.filesUrl,
        PROVINCE_TZXM_URL: stub.projectsUrl,
        PROVINCE_TZXM_APP_ID: stub.appId,
        PROVINCE_TZXM_APP_SECRET: stub.secret,
        EXCHANGE_PUSH_INTERVAL_MS: '200',
        // a shorter order window than the hall's 2 s: the steps of one case still arrive well within it here
        EXCHANGE_ORDER_WINDOW_MS: '500',
        EXCHANGE_RETRY_BASE_MS: '100',
        EXCHANGE_RETRY_MAX_MS: '400',
        EXCHANGE_TIMEOUT_MS: '60000',
        EXCHANGE_RECONCILE_CHECK_MS: '200',
      },
    });
    [clerk, supervisor, zrzy] = await Promise.all([e.http.login('clerk1'), e.http.login('supervisor1'), e.http.login('zrzy1')]);
    item = (await e.http.get<Item[]>('/api/v1/catalog/items')).body.find((i) => i.code === 'ZRZY-001') as Item;
  });

  afterAll(async () => {
    await e?.stop();
    await stub?.close();
  });

  /** an application for ZRZY-001 accepted at the window: its case number */
  async function acceptedCase(projectCode = aProjectCode()): Promise<string> {
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: [item.code],
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13812345678' },
        project: { code: projectCode, name: '新县城北安置小区建设项目', location: '新县新集镇城北路' },
        materials: item.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] ?? 'paper' })),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    expect((await e.http.post(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    return accepted.body.caseNo;
  }
  const ofCase = (c: StubCounterpart, caseNo: string) => stub.records(c).filter((r) => r.caseNo === caseNo);
  const backlog = async () => {
    const r = await e.http.get<ExchangeBacklog>('/api/v1/supervision/exchange', supervisor);
    expect(r.status).toBe(200);
    return r.body;
  };
  const pendingOf = async (caseNo: string) => (await backlog()).items.filter((i) => i.caseNo === caseNo);

  it("reports a case's steps to both platforms once, in order, with the counterpart's field names and the applicant only to the 政务服务网", async () => {
    const caseNo = await acceptedCase();
    const task = await eventually(async () => (await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, zrzy)).body[0], 30_000);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '符合用地政策，准予许可。' }, zrzy)).status).toBe(200);
    // accepted, the department's decision, the case decided, the certificate issued: in that order at each platform
    const steps = ['accepted', 'item_decided', 'decided', 'issued'];
    for (const c of ['zwfw', 'gcjs'] as const) {
      await eventually(async () => ofCase(c, caseNo).length === steps.length, 30_000);
      expect(ofCase(c, caseNo).map((r) => r.milestone)).toEqual(steps);
      expect(ofCase(c, caseNo).every((r) => r.requests === 1)).toBe(true);
    }
    const [zwfw] = ofCase('zwfw', caseNo);
    const [gcjs] = ofCase('gcjs', caseNo);
    expect(zwfw?.data).toMatchObject({ stage: 1, project: { name: '新县城北安置小区建设项目' }, applicant: { kind: 'enterprise', name: '新县城投建设有限公司' } });
    // 相关材料录入政务服务网: the materials received at the window
    expect(zwfw?.data['materials']).toEqual(item.materials.filter((m) => m.required).map((m) => ({ code: m.code, name: expect.any(String), form: m.forms[0] ?? 'paper' })));
    expect(gcjs?.data['materials']).toBeUndefined();
    expect(JSON.stringify(zwfw)).not.toContain('13812345678');
    expect(gcjs?.data['applicant']).toBeUndefined();
    expect(gcjs?.data['items']).toEqual([expect.objectContaining({ itemCode: 'ZRZY-001', departmentCode: 'ZRZY' })]);
    // the supervisor sees nothing waiting for this case; a clerk may not look
    await eventually(async () => (await pendingOf(caseNo)).length === 0);
    const b = await backlog();
    expect(b.counterparts.map((c) => [c.counterpart, c.enabled])).toEqual([['zwfw', true], ['gcjs', true], ['dzjc', true]]);
    expect(b.counterparts.filter((c) => c.counterpart !== 'dzjc').every((c) => c.pushed >= steps.length)).toBe(true);
    // no alarm, nothing for the 电子监察
    expect(ofCase('dzjc', caseNo)).toEqual([]);
    expect((await e.http.get('/api/v1/supervision/exchange', clerk)).status).toBe(403);
  });

  it('keeps what happens while the platforms are down, shows the backlog, and drains it once they are back (nothing lost, nothing twice)', async () => {
    const up = stub.down();
    let caseNo = '';
    try {
      caseNo = await acceptedCase();
      // the hall goes on: the acceptance does not wait for the province
      const failing = await eventually(async () => {
        const items = await pendingOf(caseNo);
        return items.length === 2 && items.every((i) => i.attempts >= 2) ? items : undefined;
      }, 30_000);
      expect(failing.map((i) => [i.counterpart, i.milestone, i.status])).toEqual(expect.arrayContaining([['zwfw', 'accepted', 'pending'], ['gcjs', 'accepted', 'pending']]));
      expect(failing[0]?.lastError).toMatch(/no answer/);
      const b = await backlog();
      expect(b.counterparts.filter((c) => c.counterpart !== 'dzjc').every((c) => c.failing >= 1 && c.oldestPendingAt)).toBe(true);
      expect(ofCase('gcjs', caseNo)).toEqual([]);
    } finally {
      up();
    }
    await eventually(async () => ofCase('zwfw', caseNo).length === 1 && ofCase('gcjs', caseNo).length === 1, 30_000);
    await eventually(async () => (await pendingOf(caseNo)).length === 0, 30_000);
    expect([...ofCase('zwfw', caseNo), ...ofCase('gcjs', caseNo)].map((r) => r.requests)).toEqual([1, 1]);
  });

  it("reaches each platform once when the exchange service is SIGKILLed between a platform's answer and its commit", async () => {
    const release = stub.holdAnswers();
    let caseNo = '';
    try {
      caseNo = await acceptedCase();
      // a platform has taken the record; its answer is held, so the service has not recorded it
      await eventually(async () => ofCase('zwfw', caseNo).length + ofCase('gcjs', caseNo).length >= 1, 30_000);
      await e.system.kill('exchange', 'SIGKILL');
    } finally {
      release();
    }
    e.system.start('exchange');
    await e.system.waitHealthy(60_000);
    await eventually(async () => ofCase('zwfw', caseNo).length === 1 && ofCase('gcjs', caseNo).length === 1, 30_000);
    await eventually(async () => (await pendingOf(caseNo)).length === 0, 30_000);
    // the one taken before the kill was sent again with the same id: held once
    const all = [...ofCase('zwfw', caseNo), ...ofCase('gcjs', caseNo)];
    expect(all).toHaveLength(2);
    expect(all.some((r) => r.requests >= 2)).toBe(true);
  });

  it('finds in the reconciliation a record a platform lost, and sends it again', async () => {
    const caseNo = await acceptedCase();
    await eventually(async () => ofCase('gcjs', caseNo).length === 1 && (await pendingOf(caseNo)).length === 0, 30_000);
    const lost = ofCase('gcjs', caseNo)[0];
    if (!lost) throw new Error('no record');
    stub.lose('gcjs', lost.id);
    const day = chinaToday(new Date(lost.occurredAt));
    const report = await e.http.post<ReconciliationReport>('/api/v1/supervision/exchange/reconcile', { date: day }, supervisor);
    expect(report.status).toBe(200);
    const gcjs = report.body.counterparts.find((c) => c.counterpart === 'gcjs');
    expect(gcjs).toMatchObject({ enabled: true, requeued: [lost.id], unknownAtUs: [] });
    expect(gcjs?.pushed).toBe((gcjs?.atProvince ?? 0) + 1);
    expect(report.body.counterparts.find((c) => c.counterpart === 'zwfw')?.requeued).toEqual([]);
    await eventually(async () => ofCase('gcjs', caseNo).length === 1, 30_000);
    // a bad date is the contract's error; the clerk may not reconcile
    const bad = await e.http.post<{ error: { code: string; details: { field?: string }[] } }>('/api/v1/supervision/exchange/reconcile', { date: '2026-13-40x', counterpart: 'moon' }, supervisor);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(['counterpart', 'date']);
    expect((await e.http.post('/api/v1/supervision/exchange/reconcile', { date: day }, clerk)).status).toBe(403);
  });

  it("reconciles each night the day before by itself, sends again what a platform lost, and keeps the run for the supervisor", async () => {
    const caseNo = await acceptedCase();
    await eventually(async () => ofCase('zwfw', caseNo).length === 1 && (await pendingOf(caseNo)).length === 0, 30_000);
    const lost = ofCase('zwfw', caseNo)[0];
    if (!lost) throw new Error('no record');
    stub.lose('zwfw', lost.id);
    const day = chinaToday(new Date(lost.occurredAt));
    const next = new Date(`${day}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    // the small hours of the next day (China), after EXCHANGE_RECONCILE_AT (02:00): the night's job runs on its own
    await setClock(e, 'exchange', `${next.toISOString().slice(0, 10)}T03:00:00+08:00`);
    try {
      const run = await eventually(async () => (await backlog()).reconciliations.find((r) => r.ranBy === 'daily' && r.date === day), 30_000);
      expect(run.counterparts.find((c) => c.counterpart === 'zwfw')).toMatchObject({ enabled: true, requeued: [lost.id] });
      await eventually(async () => ofCase('zwfw', caseNo).length === 1, 30_000);
      // once a day: the job, looking again, finds the day done
      await new Promise((r) => setTimeout(r, 600));
      expect((await backlog()).reconciliations.filter((r) => r.ranBy === 'daily' && r.date === day)).toHaveLength(1);
    } finally {
      await setClock(e, 'exchange', null);
    }
    // a supervisor's run is kept beside it, by name
    expect((await e.http.post('/api/v1/supervision/exchange/reconcile', { date: day, counterpart: 'zwfw' }, supervisor)).status).toBe(200);
    expect((await backlog()).reconciliations.find((r) => r.ranBy === 'supervisor1' && r.date === day)).toMatchObject({ counterparts: [expect.objectContaining({ counterpart: 'zwfw', requeued: [] })] });
  });

  it("looks a project code up at the 投资项目在线审批监管平台 for the window: the project when registered, never a refusal", async () => {
    const code = aProjectCode();
    stub.addProject(code, { name: '新县产业集聚区标准化厂房项目', owner: '新县产业集聚区投资开发有限公司', location: '新县产业集聚区纬一路', stage: 1 });
    const found = await e.http.get<ProjectLookupView>(`/api/v1/project-codes/${code}`, clerk);
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ code, check: 'found', project: { name: '新县产业集聚区标准化厂房项目', owner: '新县产业集聚区投资开发有限公司', location: '新县产业集聚区纬一路' } });
    expect(found.body.message).toMatch(/[\u4e00-\u9fff]/);
    const unknown = await e.http.get<ProjectLookupView>(`/api/v1/project-codes/${aProjectCode()}`, clerk);
    expect(unknown.body).toMatchObject({ check: 'unknown', message: expect.stringContaining('可以继续受理') });
    expect(unknown.body.project).toBeUndefined();
    const up = stub.down();
    try {
      const unavailable = await e.http.get<ProjectLookupView>(`/api/v1/project-codes/${code}`, clerk);
      expect(unavailable.status).toBe(200);
      expect(unavailable.body).toMatchObject({ check: 'unavailable', message: expect.stringContaining('暂时无法连接') });
    } finally {
      up();
    }
    const bad = await e.http.get<{ error: { code: string; details: { field?: string }[] } }>('/api/v1/project-codes/2026-41', clerk);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field)).toEqual(['code']);
    expect((await e.http.get(`/api/v1/project-codes/${code}`, zrzy)).status).toBe(403);
  });

  it('checks an accepted case\'s project code again until the platform knows it, the supervisor seeing the case meanwhile', async () => {
    const registered = aProjectCode();
    stub.addProject(registered, { name: '新县城北安置小区建设项目', owner: '新县城投建设有限公司', location: '新县新集镇城北路' });
    const late = aProjectCode();
    const [known, unknown] = [await acceptedCase(registered), await acceptedCase(late)];
    const listed = await eventually(async () => (await backlog()).projectChecks.find((c) => c.caseNo === unknown && c.check === 'unknown'), 30_000);
    expect(listed).toMatchObject({ projectCode: late, attempts: expect.any(Number) });
    expect((await backlog()).projectChecks.some((c) => c.caseNo === known)).toBe(false);
    // registered late at the platform: the next check confirms it and the case leaves the list
    stub.addProject(late, { name: '新县城北安置小区建设项目', owner: '新县城投建设有限公司', location: '新县新集镇城北路' });
    await eventually(async () => !(await backlog()).projectChecks.some((c) => c.caseNo === unknown), 30_000);
  });

  it('reports an overdue task\'s red card to the 电子监察, and its clearing once the department decides', async () => {
    // a case accepted on 2026-09-01 (the demo calendar holds 2025–2026), the review clock one day past its due date, the sweep
    let caseNo = '';
    let taskId = '';
    await setClock(e, 'intake', '2026-09-01T10:00:00+08:00');
    await setClock(e, 'review', '2026-09-01T10:00:00+08:00');
    try {
      caseNo = await acceptedCase();
      const task = await eventually(async () => (await e.http.get<{ id: string; dueDate: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, zrzy)).body[0], 30_000);
      taskId = task.id;
      const after = new Date(`${task.dueDate}T00:00:00Z`);
      after.setUTCDate(after.getUTCDate() + 1);
      await setClock(e, 'review', `${after.toISOString().slice(0, 10)}T10:00:00+08:00`);
      expect((await e.http.post('/api/v1/supervision/sweep', undefined, supervisor)).status).toBe(200);
    } finally {
      await setClock(e, 'intake', null);
      await setClock(e, 'review', null);
    }
    const [raised] = await eventually(async () => {
      const rs = ofCase('dzjc', caseNo);
      return rs.length >= 1 ? rs : undefined;
    }, 30_000);
    expect(raised).toMatchObject({ milestone: 'alarm_raised', data: { source: 'review', kind: 'task_overdue', level: 'red', taskId, departmentCode: 'ZRZY' } });
    expect((await e.http.post(`/api/v1/review/tasks/${taskId}/claim`, undefined, zrzy)).status).toBe(200);
    expect((await e.http.post(`/api/v1/review/tasks/${taskId}/decide`, { outcome: 'approve', opinion: '已办结。' }, zrzy)).status).toBe(200);
    await eventually(async () => ofCase('dzjc', caseNo).length === 2, 30_000);
    expect(ofCase('dzjc', caseNo)[1]).toMatchObject({ milestone: 'alarm_cleared', data: { alarmIds: [raised?.data['alarmId']], reason: 'task_decided' } });
    expect(ofCase('dzjc', caseNo).map((r) => r.requests)).toEqual([1, 1]);
  });

  it('takes an application made on the provincial 政务服务网 once, as an online application in intake with its files, and refuses a wrongly signed push', async () => {
    const id = `ZW${aProjectCode().replace(/-/g, '').slice(-12)}`;
    const [m1, m2] = item.materials;
    if (!m1 || !m2) throw new Error('ZRZY-001 has two materials');
    const pdfUrl = stub.addFile(`${id}-site-plan.pdf`, SAMPLE_PDF);
    // a program named .pdf, and a file the province's checksum does not match: the application stands, those files do not come
    const exeUrl = stub.addFile(`${id}-setup.pdf`, FAKE_EXE);
    const body = JSON.stringify({
      id,
      submittedAt: '2026-11-26T01:30:00.000Z',
      application: {
        stage: 1,
        itemCodes: [item.code],
        applicant: { kind: 'enterprise', name: '新县豫南建材有限公司', idNumber: aCreditCode(), phone: '13912345690' },
        project: { code: aProjectCode(), name: '新县豫南建材厂房扩建项目', location: '新县产业集聚区' },
        materials: item.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms.includes('electronic') ? 'electronic' : 'paper' })),
        files: [
          { materialCode: m1.code, fileName: '总平面图.pdf', url: pdfUrl, sha256: createHash('sha256').update(SAMPLE_PDF).digest('hex') },
          { materialCode: m2.code, fileName: '营业执照.pdf', url: exeUrl },
          { materialCode: m2.code, fileName: '申请表.pdf', url: pdfUrl, sha256: '0'.repeat(64) },
          { materialCode: m2.code, fileName: '别处.pdf', url: 'http://127.0.0.1:9/elsewhere.pdf' },
        ],
      },
    });
    const push = (headers: Record<string, string>) => fetch(`${e.http.base}/api/v1/callbacks/province/applications`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    const signed = (secret = WEBHOOK.secret) => signedHeaders(WEBHOOK.appKey, secret, body, realTime.now().getTime());
    // signed with another secret: refused, nothing kept
    const forged = await push(signed('not-the-province-secret'));
    expect(forged.status).toBe(401);
    expect((await backlog()).inbound.items.some((i) => i.id === `zwfw:${id}`)).toBe(false);
    // the province's push, then the same again (a retry of the province's), then a replay of the first request
    const first = signed();
    const taken = await push(first);
    expect(taken.status).toBe(200);
    expect(await taken.json()).toMatchObject({ code: '0', duplicate: false });
    expect(await (await push(signed())).json()).toMatchObject({ code: '0', duplicate: true });
    expect((await push(first)).status).toBe(401);
    const forwarded = await eventually(async () => (await backlog()).inbound.items.find((i) => i.id === `zwfw:${id}` && i.status === 'forwarded'), 30_000);
    expect((await backlog()).inbound.items.filter((i) => i.id === `zwfw:${id}`)).toHaveLength(1);
    const app = await e.http.get<{ channel: string; status: string; applicant: { name: string } }>(`/api/v1/applications/${forwarded.applicationId}`, clerk);
    expect(app.status).toBe(200);
    expect(app.body).toMatchObject({ channel: 'online', status: 'submitted', applicant: { name: '新县豫南建材有限公司' } });
    // its files: the one that is what it says, once, checked by content and checksum; the three others said, not taken
    const files = await e.http.get<{ id: string; materialCode: string; fileName: string; mediaType: string; size: number; sha256: string; uploadedBy?: string }[]>(`/api/v1/applications/${forwarded.applicationId}/files`, clerk);
    expect(files.body).toEqual([expect.objectContaining({ materialCode: m1.code, fileName: '总平面图.pdf', mediaType: 'application/pdf', size: SAMPLE_PDF.length, sha256: createHash('sha256').update(SAMPLE_PDF).digest('hex') })]);
    const download = await fetch(`${e.http.base}/api/v1/applications/${forwarded.applicationId}/files/${files.body[0]?.id}`, { headers: { authorization: `Bearer ${clerk}` } });
    expect(Buffer.from(await download.arrayBuffer()).equals(SAMPLE_PDF)).toBe(true);
    expect(forwarded.lastError).toEqual(expect.stringContaining('营业执照.pdf'));
    expect(forwarded.lastError).toEqual(expect.stringContaining('申请表.pdf'));
    expect(forwarded.lastError).toEqual(expect.stringContaining('别处.pdf'));
    expect(stub.requests.filter((r) => r.counterpart.endsWith('/elsewhere.pdf'))).toEqual([]);
    // an application intake cannot take (an item it does not know) is kept refused, with intake's reason
    const bad = JSON.stringify({ id: `${id}X`, submittedAt: '2026-11-26T01:31:00.000Z', application: { stage: 1, itemCodes: ['NOPE-001'], applicant: {}, project: {}, materials: [] } });
    const refusedPush = await fetch(`${e.http.base}/api/v1/callbacks/province/applications`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(WEBHOOK.appKey, WEBHOOK.secret, bad, realTime.now().getTime()) }, body: bad });
    expect(refusedPush.status).toBe(200);
    const refused = await eventually(async () => (await backlog()).inbound.items.find((i) => i.id === `zwfw:${id}X` && i.status === 'refused'), 30_000);
    expect(refused.lastError).toContain('NOPE-001');
    // the hall keeps the province's items sealed, and forgets one once intake has it
    const db = new pg.Client({ connectionString: e.infra.databaseUrl });
    await db.connect();
    try {
      const rows = (await db.query<{ id: string; payload: string }>(`SELECT id, payload::text AS payload FROM exchange.inbound_item WHERE id = ANY($1)`, [[`zwfw:${id}`, `zwfw:${id}X`]])).rows;
      expect(Object.fromEntries(rows.map((r) => [r.id, r.payload]))).toEqual({ [`zwfw:${id}`]: '{}', [`zwfw:${id}X`]: expect.stringMatching(/^\{"sealed": "v1\./) });
    } finally {
      await db.end();
    }
  });

  it('takes complaints and 好差评 ratings made on the provincial 政务服务网 once each: the complaint at the desk with its case, the rating on the service it names', async () => {
    const caseNo = await acceptedCase();
    const tag = caseNo.replace(/\D/g, '').slice(-12);
    const push = async (kind: 'complaints' | 'ratings', body: Record<string, unknown>) => {
      const raw = JSON.stringify({ submittedAt: realTime.now().toISOString(), ...body });
      const r = await fetch(`${e.http.base}/api/v1/callbacks/province/${kind}`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(WEBHOOK.appKey, WEBHOOK.secret, raw, realTime.now().getTime()) }, body: raw });
      expect(r.status).toBe(200);
      return (await r.json()) as { duplicate: boolean };
    };
    const inbound = async (id: string) => (await backlog()).inbound.items.find((i) => i.id === id);
    const settled = (id: string, status: 'forwarded' | 'refused') => eventually(async () => {
      const i = await inbound(id);
      return i?.status === status ? i : undefined;
    }, 30_000);

    // a complaint, pushed twice by the province: one complaint at the desk, of the province's channel, with the case's department
    const complaint = { id: `TS${tag}`, complaint: { topic: '审批超时', question: '提交一个月了还没有结果', contactName: '李四', phone: '13912345691', caseNo } };
    expect(await push('complaints', complaint)).toEqual(expect.objectContaining({ duplicate: false }));
    expect(await push('complaints', complaint)).toEqual(expect.objectContaining({ duplicate: true }));
    const c = await settled(`zwfw:complaints:TS${tag}`, 'forwarded');
    const desk = await e.http.get<{ id: string; channel: string; kind: string; caseNo?: string; department?: string; phone?: string }[]>('/api/v1/consultations?kind=complaint', supervisor);
    expect(desk.body.filter((x) => x.caseNo === caseNo)).toEqual([expect.objectContaining({ id: c.complaintId, channel: 'province', kind: 'complaint', department: 'ZRZY', phone: '139****5691' })]);

    // the department's decision rated before it is made here: kept, tried again until the decision is heard
    await push('ratings', { id: `PJ${tag}`, rating: { caseNo, score: 1, service: 'decision', departmentCode: 'ZRZY', comment: '审批太慢' } });
    const waiting = await eventually(async () => {
      const i = await inbound(`zwfw:ratings:PJ${tag}`);
      return i && i.attempts >= 2 ? i : undefined;
    }, 30_000);
    expect(waiting).toMatchObject({ status: 'pending', lastError: expect.stringContaining('尚未发生') });
    // the acceptance rated on the province, then rated again there: 一次一评, the second kept refused for a person
    await push('ratings', { id: `PA${tag}`, rating: { caseNo, score: 5, service: 'acceptance' } });
    const acceptance = await settled(`zwfw:ratings:PA${tag}`, 'forwarded');
    await push('ratings', { id: `PB${tag}`, rating: { caseNo, score: 3, service: 'acceptance' } });
    expect((await settled(`zwfw:ratings:PB${tag}`, 'refused')).lastError).toContain('已评价');
    // a score nobody can read is refused as such
    await push('ratings', { id: `PX${tag}`, rating: { caseNo, score: 9 } });
    expect((await settled(`zwfw:ratings:PX${tag}`, 'refused')).lastError).toContain('score');

    const task = await eventually(async () => (await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, zrzy)).body[0], 30_000);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, zrzy)).status).toBe(200);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '符合要求，准予许可。' }, zrzy)).status).toBe(200);
    const decision = await settled(`zwfw:ratings:PJ${tag}`, 'forwarded');

    type Rated = { kind: string; departmentCode?: string; evaluation?: { id: string; level: string; channel: string; bad: boolean; comment?: string } };
    const events = (await e.http.get<Rated[]>(`/api/v1/cases/${caseNo}/service-events`, supervisor)).body;
    expect(events.find((v) => v.kind === 'acceptance')?.evaluation).toMatchObject({ id: acceptance.evaluationId, level: 'very_satisfied', channel: 'province', bad: false });
    // a bad rating from the province opens a rectification like any other
    expect(events.find((v) => v.kind === 'decision')?.evaluation).toMatchObject({ id: decision.evaluationId, level: 'very_dissatisfied', channel: 'province', bad: true, comment: '审批太慢' });
    expect(events.filter((v) => v.evaluation)).toHaveLength(2);
    const ledger = (await e.http.get<{ evaluationId: string; caseNo: string; departmentCode?: string }[]>('/api/v1/rectifications', supervisor)).body;
    expect(ledger.filter((r) => r.caseNo === caseNo)).toEqual([expect.objectContaining({ evaluationId: decision.evaluationId, departmentCode: 'ZRZY' })]);
  });
});
