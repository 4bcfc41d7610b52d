/**
 * 电子材料's metadata and the applicant's one-time codes in intake (real PostgreSQL + NATS; admin is a fake): who may
 * record, list and remove files; the per-application total and per-material count; replace and remove before
 * acceptance only; a code stored only as a hash, limited per phone and address, a few tries, used once, and its SMS
 * event; the applicant's overview of their own application only.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, Events, Rpc, type Actor, type CalendarSnapshot, type CatalogItemView, type CatalogSnapshot, type RecordMaterialFileRequest } from '@yichuang/contracts';
import { Clock, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aCreditCode, aPhone, aProjectCode, eventually, fakeRpcService, readEvents, serviceClockAt, startTestInfra, TEST_INSTANT, TEST_PII_ENV, testRpcClient, type TestInfra } from '@yichuang/testing';
import { IntakeEnv } from '../config.js';
import { IntakeModule } from '../app.module.js';

const clerk: { actor: Actor } = { actor: { username: 'clerk1', roles: ['clerk'], window: 'W01' } };
const zrzy: { actor: Actor } = { actor: { username: 'zrzy1', roles: ['reviewer'], department: 'ZRZY' } };
const fgw: { actor: Actor } = { actor: { username: 'fgw1', roles: ['reviewer'], department: 'FGW' } };
const applicantOf = (applicationId: string, caseNo?: string): { actor: Actor } => ({ actor: { username: `applicant:${applicationId}`, roles: ['applicant'], applicationId, ...(caseNo ? { caseNo } : {}) } });
const CALENDAR: CalendarSnapshot = { version: 1, years: [2026], holidays: [], makeUpWorkdays: [] };
const ITEM: CatalogItemView = {
  code: 'ZRZY-001',
  name: '建设项目用地预审与选址意见书核发',
  stage: 1,
  department: { code: 'ZRZY', name: '自然资源局' },
  kind: 'promised',
  legalDays: 20,
  promisedDays: 10,
  materials: [
    { code: 'ZRZY-001-M01', name: '用地预审申请表', required: true, original: 'original', forms: ['paper', 'electronic'] },
    { code: 'ZRZY-001-M02', name: '规划图', required: false, original: 'copy', forms: ['paper', 'electronic'] },
  ],
  resultDocument: { type: 'SITE_AND_LAND_PRE_APPROVAL', name: '建设项目用地预审与选址意见书' },
  fees: { free: true },
  windowReview: 'delegated',
};
const CATALOGUE: CatalogSnapshot = { catalogVersion: 1, items: [ITEM] };
const MAX_TOTAL = 10_000;

const failure = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code,
  );

describe('electronic materials and portal codes in intake (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let nc: NatsConnection;
  let rpc: RpcClient;
  let ds: DataSource;

  beforeAll(async () => {
    infra = await startTestInfra();
    nc = await connect({ servers: infra.natsUrl });
    fakeRpcService(nc, Rpc.admin.getCalendar, () => CALENDAR, 'admin');
    fakeRpcService(nc, Rpc.admin.catalogSnapshot, () => CATALOGUE, 'admin');
    fakeRpcService(nc, Rpc.admin.listWindows, () => [], 'admin');
    await nc.flush();
    const env = loadEnv(IntakeEnv, {
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      LOG_LEVEL: 'error',
      MATERIAL_MAX_APPLICATION_BYTES: String(MAX_TOTAL),
      MATERIAL_MAX_FILES_PER_MATERIAL: '3',
      PORTAL_CODES_PER_PHONE_HOUR: '3',
      ...serviceClockAt(TEST_INSTANT),
      ...TEST_PII_ENV,
    });
    app = await runService('intake', env, IntakeModule.forRoot(env));
    ds = app.get(DataSource);
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await nc?.close();
    await infra?.stop();
  });

  const apply = async (phone = aPhone()): Promise<string> =>
    (
      await rpc.request(
        Rpc.intake.createApplication,
        {
          channel: 'assisted',
          stage: 1,
          itemCodes: ['ZRZY-001'],
          applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: aCreditCode(), phone, contact: { name: '李四', idNumber: '11010519491231002X', phone: '13800000001' } },
          project: { code: aProjectCode(), name: '新县城北安置小区建设项目', location: '新县新集镇' },
          materials: [{ code: 'ZRZY-001-M01', form: 'electronic' }],
        } as never,
        clerk,
      )
    ).id;
  const file = (applicationId: string, over: Partial<RecordMaterialFileRequest> = {}): RecordMaterialFileRequest => ({
    applicationId,
    materialCode: 'ZRZY-001-M01',
    fileName: '申请表.pdf',
    mediaType: 'application/pdf',
    size: 1000,
    sha256: 'a'.repeat(64),
    storageKey: `applications/${applicationId}/${randomUUID()}`,
    ...over,
  });
  const accept = async (id: string): Promise<string> => {
    await rpc.request(Rpc.intake.precheck, { id, results: [] }, clerk);
    return (await rpc.request(Rpc.intake.accept, { id }, clerk)).caseNo;
  };

  it('records files with who and when, lists them to who may see the application, and keeps within the limits', async () => {
    const id = await apply();
    const f = await rpc.request(Rpc.intake.recordMaterialFile, file(id), clerk);
    expect(f).toMatchObject({ applicationId: id, materialCode: 'ZRZY-001-M01', materialName: '用地预审申请表', size: 1000, sha256: 'a'.repeat(64), uploadedBy: 'clerk1', uploadedAt: expect.stringMatching(/^2026-11-26T/) });
    expect((await rpc.request(Rpc.intake.listMaterialFiles, { applicationId: id }, zrzy)).map((x) => x.id)).toEqual([f.id]);
    expect((await rpc.request(Rpc.intake.locateMaterialFile, { applicationId: id, fileId: f.id }, applicantOf(id))).storageKey).toMatch(/^applications\//);
    // a department with no item in it, another applicant: it does not exist for them
    expect(await failure(rpc.request(Rpc.intake.listMaterialFiles, { applicationId: id }, fgw))).toBe('NOT_FOUND');
    expect(await failure(rpc.request(Rpc.intake.locateMaterialFile, { applicationId: id, fileId: f.id }, applicantOf(randomUUID())))).toBe('NOT_FOUND');
    expect(await failure(rpc.request(Rpc.intake.recordMaterialFile, file(id), applicantOf(randomUUID())))).toBe('NOT_FOUND');
    expect(await failure(rpc.request(Rpc.intake.recordMaterialFile, file(id), zrzy))).toBe('FORBIDDEN');
    // a material not of the application; the total over the limit
    expect(await failure(rpc.request(Rpc.intake.recordMaterialFile, file(id, { materialCode: 'FGW-002-M01' }), clerk))).toBe('VALIDATION_FAILED');
    expect(await failure(rpc.request(Rpc.intake.recordMaterialFile, file(id, { size: MAX_TOTAL - 999 }), clerk))).toBe('PAYLOAD_TOO_LARGE');
    await rpc.request(Rpc.intake.recordMaterialFile, file(id, { size: MAX_TOTAL - 1000 }), applicantOf(id));
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM material_file WHERE application_id = $1`, [id])) as { n: number }[];
    expect(n).toBe(2);
    // three files per material at most (MATERIAL_MAX_FILES_PER_MATERIAL = 3)
    const other = await apply();
    for (let i = 0; i < 3; i++) await rpc.request(Rpc.intake.recordMaterialFile, file(other, { size: 10 }), clerk);
    expect(await failure(rpc.request(Rpc.intake.recordMaterialFile, file(other, { size: 10 }), clerk))).toBe('VALIDATION_FAILED');
  });

  it('replaces and removes before acceptance only; after it, only adds while the case is in review', async () => {
    const id = await apply();
    const a = await rpc.request(Rpc.intake.recordMaterialFile, file(id), clerk);
    const b = await rpc.request(Rpc.intake.recordMaterialFile, file(id, { replaces: a.id, sha256: 'b'.repeat(64) }), applicantOf(id));
    expect((await rpc.request(Rpc.intake.listMaterialFiles, { applicationId: id }, clerk)).map((x) => x.sha256)).toEqual(['b'.repeat(64)]);
    const removed = await rpc.request(Rpc.intake.removeMaterialFile, { applicationId: id, fileId: b.id }, applicantOf(id));
    expect(removed).toMatchObject({ id: b.id, removed: true, storageKey: expect.stringMatching(/^applications\//) });
    const c = await rpc.request(Rpc.intake.recordMaterialFile, file(id), clerk);
    const caseNo = await accept(id);
    expect(await failure(rpc.request(Rpc.intake.removeMaterialFile, { applicationId: id, fileId: c.id }, clerk))).toBe('INVALID_STATE');
    expect(await failure(rpc.request(Rpc.intake.recordMaterialFile, file(id, { replaces: c.id }), clerk))).toBe('INVALID_STATE');
    // a correction's answer: a file after acceptance, then the supplement by the applicant
    expect(await failure(rpc.request(Rpc.intake.addCaseSupplement, { caseNo, materials: [{ code: 'ZRZY-001-M02', form: 'electronic' }] }, applicantOf(id, caseNo)))).toBe('VALIDATION_FAILED');
    await rpc.request(Rpc.intake.recordMaterialFile, file(id, { materialCode: 'ZRZY-001-M02' }), applicantOf(id, caseNo));
    const after = await rpc.request(Rpc.intake.addCaseSupplement, { caseNo, materials: [{ code: 'ZRZY-001-M02', form: 'electronic' }] }, applicantOf(id, caseNo));
    expect(after.timeline.some((t) => t.event === 'supplement_received')).toBe(true);
    // another applicant cannot answer this case
    expect(await failure(rpc.request(Rpc.intake.addCaseSupplement, { caseNo, materials: [{ code: 'ZRZY-001-M02', form: 'electronic' }] }, applicantOf(randomUUID(), 'other')))).toBe('NOT_FOUND');
  });

  it('sends a code only to a phone of the application, keeps only its hash, and lets it be used once within a few tries', async () => {
    const phone = aPhone();
    const id = await apply(phone);
    // a stranger's phone: the same answer, nothing stored, nothing sent
    expect(await rpc.request(Rpc.intake.portalRequestCode, { applicationId: id, phone: aPhone() })).toEqual({ sent: true, expiresInSeconds: 300 });
    expect(await rpc.request(Rpc.intake.portalRequestCode, { applicationId: id, phone })).toEqual({ sent: true, expiresInSeconds: 300 });
    const [sent] = await eventually(async () => {
      const ev = (await readEvents(infra.natsUrl, Events.portalCodeIssued)).filter((x) => x.data.applicationId === id);
      return ev.length > 0 ? ev : null;
    });
    const code = sent?.data.code ?? '';
    expect([sent?.data.phone, /^\d{6}$/.test(code), sent?.data.minutes]).toEqual([phone, true, 5]);
    const rows = (await ds.query(`SELECT code_hash, phone_hmac FROM portal_code WHERE application_id = $1`, [id])) as { code_hash: string; phone_hmac: string }[];
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(code);
    expect(JSON.stringify(rows)).not.toContain(phone);
    // a second code within the minute: refused
    expect(await failure(rpc.request(Rpc.intake.portalRequestCode, { applicationId: id, phone }))).toBe('TOO_MANY_REQUESTS');
    // wrong codes count; the right one opens the application once
    const wrong = code === '000000' ? '000001' : '000000';
    const err = (await rpc.request(Rpc.intake.portalVerifyCode, { applicationId: id, phone, code: wrong }).catch((e: AppError) => e)) as AppError;
    expect([err.code, err.details[0]?.['attemptsLeft']]).toEqual(['CODE_INVALID', 4]);
    expect(await rpc.request(Rpc.intake.portalVerifyCode, { applicationId: id, phone, code })).toEqual({ applicationId: id });
    expect(await failure(rpc.request(Rpc.intake.portalVerifyCode, { applicationId: id, phone, code }))).toBe('CODE_INVALID');
  });

  it('spends a code after the allowed tries and lets it expire; limits codes per phone per hour', async () => {
    const phone = aPhone();
    const id = await apply(phone);
    const clock = app.get(Clock);
    const start = clock.now().getTime();
    try {
      await rpc.request(Rpc.intake.portalRequestCode, { applicationId: id, phone });
      const sent = await eventually(async () => (await readEvents(infra.natsUrl, Events.portalCodeIssued)).find((x) => x.data.applicationId === id));
      const code = sent.data.code;
      const wrong = code === '000000' ? '000001' : '000000';
      for (let i = 0; i < 5; i++) expect(await failure(rpc.request(Rpc.intake.portalVerifyCode, { applicationId: id, phone, code: wrong }))).toBe('CODE_INVALID');
      // spent: even the right code no longer opens it
      expect(await failure(rpc.request(Rpc.intake.portalVerifyCode, { applicationId: id, phone, code }))).toBe('CODE_INVALID');
      // a new code, good for five minutes only
      clock.set(new Date(start + 2 * 60_000));
      await rpc.request(Rpc.intake.portalRequestCode, { applicationId: id, phone });
      const second = await eventually(async () => (await readEvents(infra.natsUrl, Events.portalCodeIssued)).find((x) => x.data.applicationId === id && x.data.challengeId !== sent.data.challengeId));
      clock.set(new Date(start + 8 * 60_000));
      expect(await failure(rpc.request(Rpc.intake.portalVerifyCode, { applicationId: id, phone, code: second.data.code }))).toBe('CODE_INVALID');
      // the third code of the hour is the last (PORTAL_CODES_PER_PHONE_HOUR = 3)
      await rpc.request(Rpc.intake.portalRequestCode, { applicationId: id, phone });
      clock.set(new Date(start + 10 * 60_000));
      expect(await failure(rpc.request(Rpc.intake.portalRequestCode, { applicationId: id, phone }))).toBe('TOO_MANY_REQUESTS');
    } finally {
      clock.set(new Date(start));
    }
  });

  it("shows the applicant their own application only, with its files", async () => {
    const id = await apply();
    await rpc.request(Rpc.intake.recordMaterialFile, file(id), clerk);
    const o = await rpc.request(Rpc.intake.portalOverview, {}, applicantOf(id));
    expect(o).toMatchObject({ applicationId: id, applicationStatus: 'submitted', statusText: expect.any(String) });
    expect(o.materials.find((m) => m.code === 'ZRZY-001-M01')?.files).toHaveLength(1);
    expect(await failure(rpc.request(Rpc.intake.portalOverview, {}, clerk))).toBe('FORBIDDEN');
  });
});
