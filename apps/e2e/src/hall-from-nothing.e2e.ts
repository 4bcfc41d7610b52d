/**
 * A hall set up from nothing (issue 12, "done when"): no demo data; the first administrator from `npm run
 * admin:create`; over HTTP a department, a comprehensive window and a pick-up window, an item, the staff; then one case
 * from queue ticket to rating through that hall, and the statistics read model showing it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { aCreditCode, aProjectCode, aResidentId, eventually, testConfig } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function adminCreate(e: E2E, username: string, password: string): Promise<number | null> {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'apps', 'admin', 'src', 'cli', 'create-admin.js'), '--username', username, '--password-stdin'], {
    cwd: root,
    env: { ...testConfig.baseEnv, DATABASE_URL: e.serviceDatabaseUrls['admin'] ?? e.infra.databaseUrl },
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  child.stdin?.end(`${password}\n`);
  return new Promise((resolve) => child.on('close', resolve));
}

interface Created {
  account: { username: string };
  temporaryPassword: string;
}

describe('a hall from nothing: first administrator → department → windows → item → staff → one case', () => {
  let e: E2E;
  let admin: string;

  beforeAll(async () => {
    e = await startE2E({ env: { DEMO_DATA: 'false' } });
  });

  afterAll(async () => {
    await e?.stop();
  });

  /** creates a staff account and has the person choose their own password; answers their token */
  async function staff(body: Record<string, unknown>, password: string): Promise<string> {
    const created = await e.http.post<Created>('/api/v1/admin/accounts', body, admin);
    expect(created.status).toBe(201);
    const first = await e.http.post<{ accessToken: string }>('/api/v1/auth/login', { username: body['username'], password: created.body.temporaryPassword });
    expect((await e.http.post('/api/v1/auth/password', { oldPassword: created.body.temporaryPassword, newPassword: password }, first.body.accessToken)).status).toBe(200);
    const login = await e.http.post<{ accessToken: string }>('/api/v1/auth/login', { username: body['username'], password });
    expect(login.status).toBe(200);
    return login.body.accessToken;
  }

  it('sets the hall up and walks a case through it', async () => {
    // 1. the first administrator, from the command line
    expect(await adminCreate(e, 'chief', 'Xinxian-Hall-2026')).toBe(0);
    const adminLogin = await e.http.post<{ accessToken: string }>('/api/v1/auth/login', { username: 'chief', password: 'Xinxian-Hall-2026' });
    expect(adminLogin.status).toBe(200);
    admin = adminLogin.body.accessToken;
    expect((await e.http.get<unknown[]>('/api/v1/catalog/items')).body).toEqual([]);

    // 2. a department, its business window, the comprehensive window and the pick-up window
    const dept = await e.http.post('/api/v1/admin/departments', { code: 'ZRZY', name: '自然资源局', fullName: '新县自然资源局', shortName: '新自然资', phone: '0376-2960001', address: '政务服务中心二楼' }, admin);
    expect(dept.status).toBe(201);
    for (const w of [
      { no: 'W01', name: '综合窗口一', kind: 'comprehensive', categories: ['stage1'] },
      { no: 'P01', name: '出件窗口', kind: 'pickup', categories: ['pickup'] },
    ]) {
      expect((await e.http.post('/api/v1/admin/windows', w, admin)).status).toBe(201);
    }

    // 3. an item of stage 1, delegated to the window
    const item = await e.http.post<{ code: string; windowReview: string }>(
      '/api/v1/admin/catalog/items',
      {
        code: 'ZRZY-101',
        name: '建设项目用地预审与选址意见书核发',
        stage: 1,
        departmentCode: 'ZRZY',
        kind: 'promised',
        legalDays: 20,
        promisedDays: 10,
        materials: [
          { code: 'M01', name: '建设项目用地预审与选址申请表', required: true, original: 'original', forms: ['paper', 'electronic'] },
          { code: 'M02', name: '项目建议书或可行性研究报告', required: true, original: 'copy', forms: ['paper'] },
        ],
        resultDocument: { type: 'SITE_AND_LAND_PRE_APPROVAL', name: '建设项目用地预审与选址意见书' },
        legalBasis: '《中华人民共和国土地管理法》第五十二条',
        fees: { free: true },
        windowReview: 'delegated',
        note: '开通事项',
      },
      admin,
    );
    expect(item.status).toBe(201);
    const items = await eventually(async () => {
      const r = await e.http.get<{ code: string; materials: { code: string; required: boolean }[] }[]>('/api/v1/catalog/items?stage=1');
      return r.body.length > 0 ? r.body : undefined;
    });
    expect(items.map((i) => i.code)).toEqual(['ZRZY-101']);

    // 4. the staff: a window clerk, a pick-up clerk and a reviewer, each choosing their own password
    const clerk = await staff({ username: 'wang.fang', displayName: '王芳', roles: ['clerk'], window: 'W01', phone: '13937601001' }, 'Window-one-2026');
    const pickup = await staff({ username: 'zhao.lei', displayName: '赵磊', roles: ['clerk'], window: 'P01', phone: '13937601002' }, 'Pickup-one-2026');
    const reviewer = await staff({ username: 'li.jun', displayName: '李军', roles: ['reviewer'], department: 'ZRZY', phone: '13937601003' }, 'Review-one-2026');

    // 5. one case: ticket → called at W01 → application → pre-check → acceptance
    const ticket = await e.http.post<{ ticketNo: string }>('/api/v1/queue/tickets', { category: 'stage1' });
    expect(ticket.status).toBe(201);
    const called = await e.http.post<{ ticketNo: string; windowNo: string }>('/api/v1/queue/call-next', { windowNo: 'W01' }, clerk);
    expect(called.body).toMatchObject({ ticketNo: ticket.body.ticketNo, windowNo: 'W01' });
    const contactId = aResidentId();
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: ['ZRZY-101'],
        ticketNo: ticket.body.ticketNo,
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678', agentName: '李四', contact: { name: '李四', idNumber: contactId, phone: '13912345678' } },
        project: { code: aProjectCode(), name: '新县城南安置小区建设项目', location: '新县新集镇城南路' },
        materials: (items[0]?.materials ?? []).filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' })),
      },
      clerk,
    );
    expect(created.status).toBe(201);
    expect((await e.http.post<{ status: string }>(`/api/v1/applications/${created.body.id}/precheck`, { results: [] }, clerk)).body.status).toBe('complete');
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${created.body.id}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    const caseNo = accepted.body.caseNo;

    // 6. the department decides; the certificate is issued, handed over at the pick-up window, and rated
    const task = await eventually(async () => {
      const r = await e.http.get<{ id: string; department: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, reviewer);
      return r.body[0];
    });
    expect(task.department).toBe('ZRZY');
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/claim`, undefined, reviewer)).status).toBe(200);
    expect((await e.http.post(`/api/v1/review/tasks/${task.id}/decide`, { outcome: 'approve', opinion: '符合用地政策，准予许可。' }, reviewer)).status).toBe(200);
    const ready = await eventually(async () => {
      const r = await e.http.get<{ status: string; certificates: { id: string; no: string }[] }>(`/api/v1/cases/${caseNo}`, pickup);
      return r.body.status === 'ready_for_delivery' ? r.body : undefined;
    }, 30_000);
    expect(ready.certificates).toHaveLength(1);
    expect(ready.certificates[0]?.no).toMatch(/^用字第411523\d{4}\d{5}号$/);
    const collected = await e.http.post(`/api/v1/certificates/${ready.certificates[0]?.id}/collect`, { collectorName: '李四', collectorIdNumber: contactId }, pickup);
    expect(collected.status).toBe(200);
    await eventually(async () => (await e.http.get<{ status: string }>(`/api/v1/cases/${caseNo}`, pickup)).body.status === 'delivered');
    expect((await e.http.post('/api/v1/evaluations', { caseNo, level: 'very_satisfied', channel: 'pad', windowNo: 'W01' }, clerk)).status).toBe(201);

    // 7. the statistics read model has the case, joined from the queue to the hand-over, by the hall's own names
    const stats = await eventually(async () => {
      const r = await e.http.get<{ caseNo: string; windowNo: string; ticket?: { ticketNo: string }; handedOverAt?: string }[]>('/api/v1/statistics/cases', admin);
      const c = r.body.find((x) => x.caseNo === caseNo);
      return c?.handedOverAt ? c : undefined;
    }, 30_000);
    expect(stats).toMatchObject({ caseNo, windowNo: 'W01', ticket: { ticketNo: ticket.body.ticketNo } });
  });
});
