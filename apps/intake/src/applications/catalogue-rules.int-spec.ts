/**
 * The window following the catalogue's rules (issue 12): 前置事项 — pre-check names the missing prerequisite instead
 * of letting the clerk tick the material as received, until the project has a result of it (certificate's
 * `certificate.issued`) or the clerk records the number of one issued before the system; 加大窗口工作授权 — an item
 * delegated to the window is accepted at once, one that is not waits for the department's 审查. Admin is a fake here.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { AppError, Events, Rpc, type Actor, type CalendarSnapshot, type CatalogItemView, type CatalogSnapshot } from '@yichuang/contracts';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aCreditCode, aProjectCode, eventually, fakeRpcService, publishTestEvent, serviceClockAt, startTestInfra, TEST_INSTANT, TEST_PII_ENV, testRpcClient, type TestInfra } from '@yichuang/testing';
import { IntakeEnv } from '../config.js';
import { IntakeModule } from '../app.module.js';

const clerk: { actor: Actor } = { actor: { username: 'clerk1', roles: ['clerk'], window: 'W01' } };
const sthj: { actor: Actor } = { actor: { username: 'sthj1', roles: ['reviewer'], department: 'STHJ' } };
const CALENDAR: CalendarSnapshot = { version: 1, years: [2026], holidays: [], makeUpWorkdays: [] };

const item = (code: string, dept: [string, string], windowReview: 'delegated' | 'required', materials: CatalogItemView['materials']): CatalogItemView => ({
  code,
  name: `事项${code}`,
  stage: 1,
  department: { code: dept[0], name: dept[1] },
  kind: 'promised',
  legalDays: 20,
  promisedDays: 10,
  materials,
  resultDocument: { type: 'SITE_AND_LAND_PRE_APPROVAL', name: '建设项目用地预审与选址意见书' },
  fees: { free: true },
  windowReview,
});
const CATALOGUE: CatalogSnapshot = {
  catalogVersion: 3,
  items: [
    item('ZRZY-001', ['ZRZY', '自然资源局'], 'delegated', [{ code: 'ZRZY-001-M01', name: '用地预审申请表', required: true, original: 'original', forms: ['paper'] }]),
    item('FGW-009', ['FGW', '发展和改革委员会'], 'delegated', [
      { code: 'FGW-009-M01', name: '项目申请报告', required: true, original: 'original', forms: ['paper'] },
      { code: 'FGW-009-M02', name: '建设项目用地预审与选址意见书', required: true, original: 'copy', forms: ['paper'], resultOfItem: 'ZRZY-001' },
    ]),
    item('STHJ-009', ['STHJ', '生态环境局'], 'required', [{ code: 'STHJ-009-M01', name: '环境影响报告表', required: true, original: 'original', forms: ['paper'] }]),
  ],
};

describe('the window follows the catalogue: prerequisites and delegation (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let nc: NatsConnection;
  let rpc: RpcClient;

  beforeAll(async () => {
    infra = await startTestInfra();
    nc = await connect({ servers: infra.natsUrl });
    fakeRpcService(nc, Rpc.admin.getCalendar, () => CALENDAR, 'admin');
    fakeRpcService(nc, Rpc.admin.catalogSnapshot, () => CATALOGUE, 'admin');
    fakeRpcService(nc, Rpc.admin.listWindows, () => [], 'admin');
    await nc.flush();
    const env = loadEnv(IntakeEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'error', ...serviceClockAt(TEST_INSTANT), ...TEST_PII_ENV });
    app = await runService('intake', env, IntakeModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await nc?.close();
    await infra?.stop();
  });

  const apply = async (code: string, projectCode: string, materials: string[]): Promise<string> =>
    (
      await rpc.request(
        Rpc.intake.createApplication,
        {
          channel: 'assisted',
          stage: 1,
          itemCodes: [code],
          applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone: '13912345678' },
          project: { code: projectCode, name: '新县城北安置小区建设项目', location: '新县新集镇' },
          materials: materials.map((m) => ({ code: m, form: 'paper' })),
        } as never,
        clerk,
      )
    ).id;

  it('names the missing prerequisite instead of taking the material as received', async () => {
    const id = await apply('FGW-009', aProjectCode(), ['FGW-009-M01', 'FGW-009-M02']);
    const pre = await rpc.request(Rpc.intake.precheck, { id, results: [{ materialCode: 'FGW-009-M02', verdict: 'ok' }] }, clerk);
    expect(pre.status).toBe('incomplete');
    expect(pre.problems).toEqual([
      expect.objectContaining({ materialCode: 'FGW-009-M02', verdict: 'missing', prerequisiteItem: { code: 'ZRZY-001', name: '事项ZRZY-001' }, note: expect.stringContaining('须先办结前置事项“事项ZRZY-001”（ZRZY-001）') }),
    ]);
    // admin would be told the application is open
    expect(await rpc.request(Rpc.intake.openApplications, { itemCode: 'FGW-009' })).toMatchObject({ itemCode: 'FGW-009', open: 1, applicationIds: [id] });
    expect((await rpc.request(Rpc.intake.openApplications, { itemCode: 'ZRZY-001' })).open).toBe(0);
  });

  it('takes the number of a result issued before the system as proof, recorded on the application', async () => {
    const id = await apply('FGW-009', aProjectCode(), ['FGW-009-M01', 'FGW-009-M02']);
    const err = (await rpc
      .request(Rpc.intake.precheck, { id, results: [{ materialCode: 'FGW-009-M01', verdict: 'ok', externalResultNo: 'X-1' }] }, clerk)
      .catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details[0]?.field).toBe('results[0].externalResultNo');
    const pre = await rpc.request(Rpc.intake.precheck, { id, results: [{ materialCode: 'FGW-009-M02', verdict: 'ok', externalResultNo: '新自然资预字〔2019〕12号' }] }, clerk);
    expect(pre).toEqual({ status: 'complete', problems: [] });
    const view = await rpc.request(Rpc.intake.getApplication, { id }, clerk);
    expect(view.prerequisiteProofs).toEqual([expect.objectContaining({ materialCode: 'FGW-009-M02', itemCode: 'ZRZY-001', documentNo: '新自然资预字〔2019〕12号', by: 'clerk1' })]);
    expect(view.windowReviewRequired).toEqual([]);
    expect((await rpc.request(Rpc.intake.accept, { id }, clerk)).caseNo).toBeTruthy();
  });

  it("finds the project's result issued by the system, and accepts a delegated item without 审查", async () => {
    const project = aProjectCode();
    const first = await apply('ZRZY-001', project, ['ZRZY-001-M01']);
    expect((await rpc.request(Rpc.intake.precheck, { id: first, results: [] }, clerk)).status).toBe('complete');
    const { caseNo } = await rpc.request(Rpc.intake.accept, { id: first }, clerk);
    await publishTestEvent(infra.natsUrl, Events.certificatesIssued, {
      caseNo,
      certificates: [
        { id: randomUUID(), no: '用字第411523202600001号', type: 'SITE_AND_LAND_PRE_APPROVAL', typeName: '建设项目用地预审与选址意见书', itemCode: 'ZRZY-001', verifyCode: 'K7M2Q9XW4RTB', role: 'result' },
      ],
      issuedAt: TEST_INSTANT,
    });
    await eventually(async () => ((await rpc.request(Rpc.intake.getCase, { caseNo }, clerk)).timeline.some((t) => t.event === 'certificates_issued') ? true : null));
    const next = await apply('FGW-009', project, ['FGW-009-M01', 'FGW-009-M02']);
    expect(await rpc.request(Rpc.intake.precheck, { id: next, results: [] }, clerk)).toEqual({ status: 'complete', problems: [] });
  });

  it('holds acceptance of an item not delegated to the window until the department confirms (审查)', async () => {
    const id = await apply('STHJ-009', aProjectCode(), ['STHJ-009-M01']);
    expect((await rpc.request(Rpc.intake.precheck, { id, results: [] }, clerk)).status).toBe('complete');
    expect((await rpc.request(Rpc.intake.getApplication, { id }, clerk)).windowReviewRequired).toEqual(['STHJ']);
    const refused = (await rpc.request(Rpc.intake.accept, { id }, clerk).catch((e: unknown) => e)) as AppError;
    expect(refused.code).toBe('INVALID_STATE');
    expect(refused.details[0]).toMatchObject({ department: 'STHJ', itemCodes: ['STHJ-009'], problemZh: '“事项STHJ-009”须由生态环境局业务窗口工作人员审查确认材料后方可受理' });
    await rpc.request(Rpc.intake.windowReview, { id, confirmed: true, note: '材料齐全' }, sthj);
    expect((await rpc.request(Rpc.intake.accept, { id }, clerk)).caseNo).toBeTruthy();
  });
});
