import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { AppError, Events, healthSubject, Rpc, rpc as rpcDef } from '@yichuang/contracts';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { eventually, readEvents, serviceClockAt, startTestInfra, TEST_INSTANT, testRpcClient, type TestInfra } from '@yichuang/testing';
import { AdminEnv } from './config.js';
import { AdminModule } from './app.module.js';

describe('admin service over NATS (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(AdminEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, DEMO_DATA: 'true', LOG_LEVEL: 'warn', DEMO_PASSWORD: 'test-password', ...serviceClockAt(TEST_INSTANT) });
    app = await runService('admin', env, AdminModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('verifies a demo account and refuses a wrong password', async () => {
    const user = await rpc.request(Rpc.admin.verifyLogin, { username: 'zrzy1', password: 'test-password' });
    expect(user).toMatchObject({ username: 'zrzy1', roles: expect.arrayContaining(['reviewer']), department: 'ZRZY' });
    await expect(rpc.request(Rpc.admin.verifyLogin, { username: 'zrzy1', password: 'nope' })).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('gives the phones of a department, of everyone with a role, or of named accounts (active only), and wants a filter', async () => {
    const supervisors = await rpc.request(Rpc.admin.staffContacts, { role: 'supervisor' });
    expect(supervisors.length).toBeGreaterThan(0);
    for (const s of supervisors) expect(s.roles).toContain('supervisor');
    expect((await rpc.request(Rpc.admin.staffContacts, { usernames: ['clerk1', 'nobody'] })).map((s) => s.username)).toEqual(['clerk1']);
    expect((await rpc.request(Rpc.admin.staffContacts, { departmentCode: 'ZRZY', role: 'reviewer' })).map((s) => s.username)).toContain('zrzy1');
    await expect(rpc.request(Rpc.admin.staffContacts, {})).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lists the catalogue of a stage with catalogue-wide material codes', async () => {
    const items = await rpc.request(Rpc.admin.listItems, { stage: 1 });
    expect(items.length).toBeGreaterThanOrEqual(4);
    expect(new Set(items.map((i) => i.department.code)).size).toBeGreaterThanOrEqual(2);
    for (const i of items) {
      expect(i.stage).toBe(1);
      for (const m of i.materials) expect(m.code.startsWith(`${i.code}-`)).toBe(true);
    }
  });

  it("gives intake the whole active catalogue under its version, and announces an administrator's change", async () => {
    const before = await rpc.request(Rpc.admin.catalogSnapshot, {});
    expect(before.items.length).toBe((await rpc.request(Rpc.admin.listItems, {})).length);
    expect(new Set(before.items.map((i) => i.stage))).toEqual(new Set([1, 2, 3, 4]));
    const item = before.items.find((i) => i.code === 'STHJ-002');
    expect(item).toBeDefined();
    const admin = { username: 'admin', roles: ['admin' as const] };
    await rpc.request(Rpc.admin.updateItem, { code: 'STHJ-002', promisedDays: (item?.promisedDays ?? 10) - 1, note: '压缩承诺时限' }, { actor: admin });
    const after = await rpc.request(Rpc.admin.catalogSnapshot, {});
    expect(after.catalogVersion).toBeGreaterThan(before.catalogVersion);
    expect(after.items.find((i) => i.code === 'STHJ-002')?.promisedDays).toBe((item?.promisedDays ?? 10) - 1);
    const notices = await eventually(async () => {
      const events = await readEvents(infra.natsUrl, Events.catalogChanged, 500);
      return events.length > 0 && events;
    });
    expect(notices.map((n) => n.data)).toEqual([expect.objectContaining({ version: after.catalogVersion, itemCode: 'STHJ-002' })]);
  });

  it('answers validation problems as a VALIDATION_FAILED error listing each field', async () => {
    const err = (await rpc.request(Rpc.admin.verifyLogin, { username: 5, extra: true } as never).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('VALIDATION_FAILED');
    const fields = err.details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'password', 'extra']));
  });

  it('computes working days across the 2025 National Day holiday, provisionally into 2027, and refuses past 2028', async () => {
    // 2025-09-30 (Tue) + 1 working day: Oct 1–8 are holidays, 10-09 (Thu) is the next working day
    expect((await rpc.request(Rpc.admin.addWorkingDays, { from: '2025-09-30', days: 1 })).date).toBe('2025-10-09');
    // 2025-10-10 (Fri) + 1: 10-11 is a make-up Saturday (调休上班)
    expect((await rpc.request(Rpc.admin.addWorkingDays, { from: '2025-10-10', days: 1 })).date).toBe('2025-10-11');
    expect(await rpc.request(Rpc.admin.addWorkingDays, { from: '2026-12-01', days: 20 })).toEqual({ from: '2026-12-01', days: 20, date: '2026-12-29', provisional: false });
    // 2027 is not announced: 01-01 元旦 by law, then weekends only (no make-up days known)
    expect(await rpc.request(Rpc.admin.addWorkingDays, { from: '2026-12-20', days: 30 })).toEqual({ from: '2026-12-20', days: 30, date: '2027-02-01', provisional: true });
    await expect(rpc.request(Rpc.admin.addWorkingDays, { from: '2028-12-20', days: 30 })).rejects.toMatchObject({ code: 'CALENDAR_OUT_OF_RANGE' });
  });

  it('answers its health check', async () => {
    const report = await rpc.request(rpcDef<Record<string, never>, { status: string; checks: Record<string, string> }>(healthSubject('admin'), null), {});
    expect(report.status).toBe('up');
    expect(report.checks).toEqual({ database: 'up', nats: 'up' });
  });
});
