/**
 * The catalogue administered over HTTP (issue 12, items 2 and 5): the administrator creates an item whose material is
 * another item's result (前置事项); the window applies for it and pre-check names the missing prerequisite; an item
 * not delegated to the window waits for the department's 审查, a delegated one is accepted at once; a change dated
 * in the future becomes current on its day (admin's clock moved); retiring an item with open applications is refused
 * in Chinese; the 办事指南 PDFs are public.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aProjectCode, E2E_CLOCK_START, eventually, isoAt } from '@yichuang/testing';
import { pdfText, setClock, startE2E, type E2E } from './harness.js';

interface ErrorAnswer { error: { code: string; messageZh: string; details: { field?: string; problem: string; problemZh?: string }[] } }
interface Problem { materialCode: string; verdict: string; note?: string; prerequisiteItem?: { code: string; name: string } }
interface ItemView { code: string; promisedDays: number; windowReview: string; effectiveFrom?: string; scheduled?: boolean; materials: { code: string; resultOfItem?: string }[] }

const CODE = 'FGW-201';

describe('the catalogue administered', () => {
  let e: E2E;
  let admin: string;
  let clerk: string;
  let fgw: string;

  beforeAll(async () => {
    e = await startE2E();
    [admin, clerk, fgw] = await Promise.all([e.http.login('admin'), e.http.login('clerk1'), e.http.login('fgw1')]);
  });

  afterAll(async () => {
    await e?.stop();
  });

  async function apply(project: string): Promise<string> {
    // intake's copy of the catalogue follows admin's catalog.changed at once; a moment may pass
    return eventually(async () => {
      const r = await e.http.post<{ id: string }>(
        '/api/v1/applications',
        {
          channel: 'assisted',
          stage: 1,
          itemCodes: [CODE],
          applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678' },
          project: { code: project, name: '新县城北安置小区建设项目', location: '新县新集镇' },
          materials: [
            { code: `${CODE}-M01`, form: 'paper' },
            { code: `${CODE}-M02`, form: 'paper' },
          ],
        },
        clerk,
      );
      return r.status === 201 ? r.body.id : null;
    });
  }

  let openApplication: string;

  it('creates an item over HTTP whose material is the result of ZRZY-001; the window is told the prerequisite is missing', async () => {
    const created = await e.http.post<ItemView>(
      '/api/v1/admin/catalog/items',
      {
        code: CODE,
        name: '企业投资项目核准（县级）',
        stage: 1,
        departmentCode: 'FGW',
        kind: 'promised',
        legalDays: 20,
        promisedDays: 10,
        materials: [
          { code: 'M01', name: '项目申请报告', required: true, original: 'original', forms: ['paper', 'electronic'] },
          { code: 'M02', name: '建设项目用地预审与选址意见书', required: true, original: 'copy', forms: ['paper'], resultOfItem: 'ZRZY-001' },
        ],
        resultDocument: { type: 'PROJECT_APPROVAL', name: '企业投资项目核准批复' },
        legalBasis: '《企业投资项目核准和备案管理条例》第九条',
        note: '新增县级核准事项',
      },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: CODE, windowReview: 'required', effectiveFrom: '2026-11-26' });
    const bad = await e.http.post<ErrorAnswer>('/api/v1/admin/catalog/items', { code: CODE }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.length).toBeGreaterThan(3);

    openApplication = await apply(aProjectCode());
    const pre = await e.http.post<{ status: string; problems: Problem[] }>(`/api/v1/applications/${openApplication}/precheck`, { results: [{ materialCode: `${CODE}-M02`, verdict: 'ok' }] }, clerk);
    expect(pre.status).toBe(200);
    expect(pre.body.status).toBe('incomplete');
    expect(pre.body.problems).toEqual([expect.objectContaining({ materialCode: `${CODE}-M02`, verdict: 'missing', prerequisiteItem: { code: 'ZRZY-001', name: expect.stringContaining('用地预审') } })]);
    expect(pre.body.problems[0]?.note).toContain('须先办结前置事项');
  });

  it("holds acceptance until the department's 审查 (required), then accepts at once once the item is delegated", async () => {
    const id = await apply(aProjectCode());
    const pre = await e.http.post<{ status: string }>(`/api/v1/applications/${id}/precheck`, { results: [{ materialCode: `${CODE}-M02`, verdict: 'ok', externalResultNo: '新自然资预字〔2019〕12号' }] }, clerk);
    expect(pre.body.status).toBe('complete');
    const refused = await e.http.post<ErrorAnswer>(`/api/v1/applications/${id}/accept`, undefined, clerk);
    expect(refused.status).toBe(409);
    expect(refused.body.error.messageZh).toContain('发展和改革委员会业务窗口工作人员审查确认');
    expect((await e.http.post(`/api/v1/applications/${id}/window-review`, { confirmed: true, note: '材料齐全' }, fgw)).status).toBe(200);
    expect((await e.http.post<{ caseNo: string }>(`/api/v1/applications/${id}/accept`, undefined, clerk)).status).toBe(201);

    const delegated = await e.http.call<ItemView>('PATCH', `/api/v1/admin/catalog/items/${CODE}`, { windowReview: 'delegated', note: '加大窗口工作授权' }, admin);
    expect(delegated.status).toBe(200);
    expect(delegated.body.windowReview).toBe('delegated');
    const next = await eventually(async () => {
      const a = await apply(aProjectCode());
      const v = await e.http.get<{ windowReviewRequired: string[] }>(`/api/v1/applications/${a}`, clerk);
      return v.body.windowReviewRequired.length === 0 ? a : null;
    });
    await e.http.post(`/api/v1/applications/${next}/precheck`, { results: [{ materialCode: `${CODE}-M02`, verdict: 'ok', externalResultNo: '新自然资预字〔2019〕13号' }] }, clerk);
    expect((await e.http.post(`/api/v1/applications/${next}/accept`, undefined, clerk)).status).toBe(201);
  });

  it('makes a change dated in the future current on its day', async () => {
    const scheduled = await e.http.call<ItemView>('PATCH', `/api/v1/admin/catalog/items/${CODE}`, { promisedDays: 8, effectiveFrom: '2026-11-30', note: '压缩承诺时限' }, admin);
    expect(scheduled.body).toMatchObject({ scheduled: true, effectiveFrom: '2026-11-30', promisedDays: 8 });
    expect((await e.http.get<{ itemCode: string; effectiveFrom: string }[]>('/api/v1/admin/catalog/changes', admin)).body).toEqual([expect.objectContaining({ itemCode: CODE, effectiveFrom: '2026-11-30' })]);
    const today = async () => (await e.http.get<ItemView[]>('/api/v1/catalog/items?stage=1')).body.find((i) => i.code === CODE);
    expect((await today())?.promisedDays).toBe(10);
    await setClock(e, 'admin', isoAt('2026-11-30', '08:30'));
    try {
      expect(await today()).toMatchObject({ promisedDays: 8, effectiveFrom: '2026-11-30' });
      expect((await e.http.get('/api/v1/admin/catalog/changes', admin)).body).toEqual([]);
    } finally {
      await setClock(e, 'admin', E2E_CLOCK_START);
    }
  });

  it('refuses in Chinese to retire an item while an application of it is open', async () => {
    const refused = await e.http.post<ErrorAnswer>(`/api/v1/admin/catalog/items/${CODE}/retire`, { note: '事项取消' }, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error.messageZh).toContain('尚有1件申请在办');
    expect(refused.body.error.messageZh).toContain('不能停用');
    expect((await e.http.post(`/api/v1/admin/catalog/items/NO-999/retire`, { note: 'x' }, admin)).status).toBe(404);
    expect((await e.http.post(`/api/v1/admin/catalog/items/${CODE}/retire`, {}, admin)).status).toBe(400);
  });

  it('prints the 办事指南 of an item and of a stage for anyone', async () => {
    const item = await pdfText(await fetch(`${e.http.base}/api/v1/catalog/items/${CODE}/guide.pdf`));
    for (const s of ['企业投资项目核准（县级）办事指南', '发展和改革委员会', '《企业投资项目核准和备案管理条例》第九条', '20个工作日', '不收费', '企业投资项目核准批复', '前置事项', '新县政务服务中心']) {
      expect(item.replace(/\s/g, '')).toContain(s);
    }
    const stage = await pdfText(await fetch(`${e.http.base}/api/v1/catalog/stages/1/guide.pdf`));
    expect(stage.replace(/\s/g, '')).toContain('立项用地规划许可阶段办事指南');
    expect((await e.http.get('/api/v1/catalog/items/NO-999/guide.pdf')).status).toBe(404);
    expect((await e.http.get('/api/v1/catalog/stages/9/guide.pdf')).status).toBe(400);
    expect((await e.http.get('/api/v1/catalog/stages/x/guide.pdf')).status).toBe(400);
  });
});
