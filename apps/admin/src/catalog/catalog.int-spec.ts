/**
 * The catalogue administered (issue 12): items created, changed and retired as versions with an effective date,
 * every problem listed, changes that would break open applications refused (intake, asked over NATS, is a fake
 * here), 前置事项 checked, 加大窗口工作授权 kept per item, and the 办事指南 PDFs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AppError, Rpc, type CreateItemRequest, type OpenApplicationsReply } from '@yichuang/contracts';
import { Clock, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { fakeRpcService, isoAt, pageTexts, serviceClockAt, startTestInfra, TEST_INSTANT, testRpcClient, type TestInfra } from '@yichuang/testing';
import { AdminEnv } from '../config.js';
import { AdminModule } from '../app.module.js';

const admin = { actor: { username: 'admin', roles: ['admin' as const] } };

const newItem = (code: string, extra: Partial<CreateItemRequest> = {}): CreateItemRequest => ({
  code,
  name: `企业投资项目核准（测试${code}）`,
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
  note: '新增事项',
  ...extra,
});

describe('the catalogue administered (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  const open = new Map<string, number>();

  beforeAll(async () => {
    infra = await startTestInfra();
    nc = await connect({ servers: infra.natsUrl });
    fakeRpcService(nc, Rpc.intake.openApplications, ({ itemCode }): OpenApplicationsReply => ({ itemCode, open: open.get(itemCode) ?? 0, applicationIds: [] }), 'intake');
    await nc.flush();
    const env = loadEnv(AdminEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, DEMO_DATA: 'true', LOG_LEVEL: 'warn', DEMO_PASSWORD: 'test-password', ...serviceClockAt(TEST_INSTANT) });
    app = await runService('admin', env, AdminModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await nc?.close();
    await infra?.stop();
  });

  it('creates an item (window review required by default) as a new version current today, with its prerequisite', async () => {
    const before = await rpc.request(Rpc.admin.catalogSnapshot, {});
    const view = await rpc.request(Rpc.admin.createItem, newItem('FGW-101'), admin);
    expect(view).toMatchObject({ code: 'FGW-101', windowReview: 'required', fees: { free: true }, effectiveFrom: '2026-11-26', department: { code: 'FGW', name: '发展和改革委员会' } });
    expect(view.materials[1]).toMatchObject({ code: 'FGW-101-M02', resultOfItem: 'ZRZY-001' });
    const after = await rpc.request(Rpc.admin.catalogSnapshot, {});
    expect(after.catalogVersion).toBe(before.catalogVersion + 1);
    expect(after.items.map((i) => i.code)).toContain('FGW-101');
    // the demo keeps today's flow: delegated, except the one item that needs the department's 审查
    expect(after.items.find((i) => i.code === 'FGW-002')?.windowReview).toBe('delegated');
    expect(after.items.find((i) => i.code === 'ZJJ-002')?.windowReview).toBe('required');
    expect(after.items.find((i) => i.code === 'ZJJ-001')?.materials.find((m) => m.code === 'ZJJ-001-M03')?.resultOfItem).toBe('ZRZY-003');
    await expect(rpc.request(Rpc.admin.createItem, newItem('FGW-101'), admin)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('lists every problem of a change at once', async () => {
    const err = (await rpc
      .request(
        Rpc.admin.createItem,
        newItem('FGW-102', {
          departmentCode: 'NOPE',
          promisedDays: 30,
          fees: { free: false },
          effectiveFrom: '2026-11-01',
          materials: [{ code: 'M01', name: '申请表', required: false, original: 'original', forms: ['paper'], resultOfItem: 'XX-999' }],
        }),
        admin,
      )
      .catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.map((d) => d.field)).toEqual(['departmentCode', 'promisedDays', 'materials', 'fees', 'materials[0].resultOfItem', 'effectiveFrom']);
  });

  it('keeps a change dated in the future waiting, and makes it current on its day by the Clock', async () => {
    const scheduled = await rpc.request(Rpc.admin.updateItem, { code: 'FGW-101', promisedDays: 8, windowReview: 'delegated', effectiveFrom: '2026-12-01', note: '压缩承诺时限' }, admin);
    expect(scheduled).toMatchObject({ scheduled: true, effectiveFrom: '2026-12-01', promisedDays: 8 });
    expect((await rpc.request(Rpc.admin.scheduledCatalogChanges, {})).map((c) => [c.itemCode, c.kind, c.effectiveFrom])).toEqual([['FGW-101', 'update', '2026-12-01']]);
    const now = await rpc.request(Rpc.admin.resolveItems, { codes: ['FGW-101'] });
    expect(now.items[0]).toMatchObject({ promisedDays: 10, windowReview: 'required' });
    app.get(Clock).set(new Date(isoAt('2026-12-01', '08:30')));
    try {
      const then = await rpc.request(Rpc.admin.resolveItems, { codes: ['FGW-101'] });
      expect(then.catalogVersion).toBe(now.catalogVersion + 1);
      expect(then.items[0]).toMatchObject({ promisedDays: 8, windowReview: 'delegated', effectiveFrom: '2026-12-01' });
      expect(await rpc.request(Rpc.admin.scheduledCatalogChanges, {})).toEqual([]);
      expect((await rpc.request(Rpc.admin.catalogVersions, {}))[0]).toMatchObject({ itemCode: 'FGW-101', effectiveFrom: '2026-12-01', note: '压缩承诺时限' });
    } finally {
      app.get(Clock).set(new Date(TEST_INSTANT));
    }
  });

  it('refuses, in Chinese, to remove a material or retire an item while applications of it are open', async () => {
    open.set('FGW-101', 2);
    const removing = (await rpc
      .request(Rpc.admin.updateItem, { code: 'FGW-101', materials: [{ code: 'M01', name: '项目申请报告', required: true, original: 'original', forms: ['paper'] }], note: '删减材料' }, admin)
      .catch((e: unknown) => e)) as AppError;
    expect(removing.code).toBe('CONFLICT');
    expect(removing.details[0]).toMatchObject({ materialCode: 'FGW-101-M02', openApplications: 2 });
    expect(String(removing.details[0]?.['problemZh'])).toContain('尚有2件申请在办');
    const retiring = (await rpc.request(Rpc.admin.retireItem, { code: 'FGW-101', note: '事项取消' }, admin).catch((e: unknown) => e)) as AppError;
    expect(retiring.code).toBe('CONFLICT');
    expect(String(retiring.details[0]?.['problemZh'])).toContain('不能停用');
    // other changes go through
    expect((await rpc.request(Rpc.admin.updateItem, { code: 'FGW-101', name: '企业投资项目核准（改名）', note: '改名' }, admin)).name).toBe('企业投资项目核准（改名）');
    open.set('FGW-101', 0);
    await rpc.request(Rpc.admin.retireItem, { code: 'FGW-101', note: '事项取消' }, admin);
    expect((await rpc.request(Rpc.admin.resolveItems, { codes: ['FGW-101'] })).unknown).toEqual(['FGW-101']);
    await expect(rpc.request(Rpc.admin.retireItem, { code: 'FGW-101', note: '再停用' }, admin)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    await expect(rpc.request(Rpc.admin.retireItem, { code: 'NO-999', note: 'x' }, admin)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('renders the 办事指南 of an item and of a stage in Chinese', async () => {
    const item = await rpc.request(Rpc.admin.itemGuide, { code: 'ZJJ-001' });
    const text = (await pageTexts(Buffer.from(item.contentBase64, 'base64'))).join('');
    for (const s of ['施工图', '办事指南', '住房和城乡建设局', '15个工作日', '建设工程规划许可证', '前置事项', '不收费', '新县政务服务中心', 'W01（综合窗口一）']) expect(text).toContain(s);
    const stage = await rpc.request(Rpc.admin.stageGuide, { stage: 1 });
    const stageText = (await pageTexts(Buffer.from(stage.contentBase64, 'base64'))).join('');
    expect(stageText).toContain('立项用地规划许可阶段办事指南');
    expect(stageText).toContain('建设项目用地预审与选址意见书');
    await expect(rpc.request(Rpc.admin.itemGuide, { code: 'NO-999' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
