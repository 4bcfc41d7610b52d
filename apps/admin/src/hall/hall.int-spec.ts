/**
 * The hall's configuration (issue 12.3) over NATS against real PostgreSQL and NATS: departments and sections,
 * windows, the duty roster, and the rules that protect running business (intake's answer about waiting tickets is
 * faked here: the e2e `hall-admin.e2e.ts` asks the real queue).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { AppError, Events, Rpc, type Actor, type WaitingTicketsReply } from '@yichuang/contracts';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { eventually, fakeRpcService, readEvents, serviceClockAt, startTestInfra, TEST_INSTANT, testRpcClient, type TestInfra } from '@yichuang/testing';
import { AdminEnv } from '../config.js';
import { AdminModule } from '../app.module.js';

const admin: Actor = { username: 'admin', roles: ['admin'] };
const supervisor: Actor = { username: 'supervisor1', roles: ['supervisor'] };
const department = { code: 'SLJ', name: '水利局', fullName: '新县水利局', shortName: '新水利', phone: '0376-2960101', address: '政务服务中心二楼 15 号' };

describe('departments, sections and windows (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nc: NatsConnection;
  /** what the fake intake answers about waiting tickets */
  let waiting: WaitingTicketsReply;
  let intake: ReturnType<typeof fakeRpcService<typeof Rpc.intake.waitingTickets>>;
  const errorOf = async (p: Promise<unknown>) => (await p.then(() => undefined).catch((e: unknown) => e)) as AppError;

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(AdminEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, DEMO_DATA: 'true', LOG_LEVEL: 'warn', DEMO_PASSWORD: 'test-password', ...serviceClockAt(TEST_INSTANT) });
    app = await runService('admin', env, AdminModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
    nc = await connect({ servers: infra.natsUrl });
    waiting = { day: '2026-01-01', sentToWindow: [], inCategories: [] };
    intake = fakeRpcService(nc, Rpc.intake.waitingTickets, () => waiting, 'intake');
  });

  afterAll(async () => {
    await nc?.drain();
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('creates a department with a section, edits it on its version, and announces each change', async () => {
    const created = await rpc.request(Rpc.admin.createDepartment, department, { actor: admin });
    expect(created).toMatchObject({ ...department, active: true, version: 0, sections: [], activeItems: 0, staff: 0 });
    const dup = await errorOf(rpc.request(Rpc.admin.createDepartment, department, { actor: admin }));
    expect(dup).toMatchObject({ code: 'CONFLICT', details: [{ field: 'code', problem: '部门代码 SLJ 已存在' }] });

    const section = await rpc.request(Rpc.admin.createSection, { department: 'SLJ', code: 'SZY', name: '水资源科' }, { actor: admin });
    expect(section).toEqual({ code: 'SZY', name: '水资源科', active: true, version: 0 });
    // the name is unique in the department; the head must be an active account of it
    const bad = await errorOf(rpc.request(Rpc.admin.createSection, { department: 'SLJ', code: 'SZY2', name: '水资源科', head: 'zrzy1' }, { actor: admin }));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.details.map((d) => d.problem)).toEqual(['水利局已有名为“水资源科”的科室（SZY）', '科室负责人 zrzy1 不属于水利局']);
    expect((await rpc.request(Rpc.admin.sectionsOf, { department: 'SLJ' })).map((s) => s.name)).toEqual(['水资源科']);
    const retiredSection = await rpc.request(Rpc.admin.updateSection, { department: 'SLJ', section: 'SZY', name: '水资源科', active: false, expectedVersion: 0 }, { actor: admin });
    expect(retiredSection).toMatchObject({ active: false, version: 1 });
    expect(await rpc.request(Rpc.admin.sectionsOf, { department: 'SLJ' })).toEqual([]);

    const edited = await rpc.request(Rpc.admin.updateDepartment, { ...department, phone: '0376-2960102', expectedVersion: 0 }, { actor: admin });
    expect(edited).toMatchObject({ phone: '0376-2960102', version: 1 });
    const stale = await errorOf(rpc.request(Rpc.admin.updateDepartment, { ...department, expectedVersion: 0 }, { actor: admin }));
    expect(stale).toMatchObject({ code: 'CONFLICT', details: [{ field: 'expectedVersion', problem: '部门已被他人修改，请刷新后重试', currentVersion: 1 }] });

    const events = await eventually(async () => {
      const all = await readEvents(infra.natsUrl, Events.hallChanged, 500);
      return all.length >= 4 && all;
    });
    expect(events.map((e) => `${e.data.kind} ${e.data.ref}`)).toEqual(['department SLJ', 'section SLJ/SZY', 'section SLJ/SZY', 'department SLJ']);
  });

  it('lets the supervisor read and only the administrator change', async () => {
    expect((await rpc.request(Rpc.admin.listDepartments, {}, { actor: supervisor })).map((d) => d.code)).toContain('ZRZY');
    expect((await rpc.request(Rpc.admin.getDepartment, { code: 'ZRZY' }, { actor: supervisor })).activeItems).toBeGreaterThan(0);
    expect(await errorOf(rpc.request(Rpc.admin.createDepartment, { ...department, code: 'XX' }, { actor: supervisor }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(rpc.request(Rpc.admin.getWindow, { no: 'W99' }, { actor: admin }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('retires a department only without active items or windows, and deletes only one nothing names', async () => {
    const refused = await errorOf(rpc.request(Rpc.admin.retireDepartment, { code: 'ZRZY' }, { actor: admin }));
    expect(refused.code).toBe('INVALID_STATE');
    expect(refused.details[0]).toMatchObject({ scope: 'hall', problem: expect.stringMatching(/^部门 自然资源局 仍有 \d+ 个在用审批事项（ZRZY-001、/) });
    const notDeleted = await errorOf(rpc.request(Rpc.admin.deleteDepartment, { code: 'ZRZY' }, { actor: admin }));
    expect(notDeleted.details.map((d) => d.problem)).toEqual([expect.stringContaining('审批事项，不能删除，请改为停用'), expect.stringContaining('工作人员账号，不能删除，请改为停用')]);

    await rpc.request(Rpc.admin.createDepartment, { ...department, code: 'TMP', name: '临时局' }, { actor: admin });
    await rpc.request(Rpc.admin.createSection, { department: 'TMP', code: 'A', name: '综合科' }, { actor: admin });
    expect(await rpc.request(Rpc.admin.deleteDepartment, { code: 'TMP' }, { actor: admin })).toEqual({ code: 'TMP', deleted: true });
    expect(await errorOf(rpc.request(Rpc.admin.getDepartment, { code: 'TMP' }, { actor: admin }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('checks a window: every problem at once, a business window of an active department', async () => {
    const bad = await errorOf(rpc.request(Rpc.admin.createWindow, { no: 'Y01', name: '咨询', kind: 'consultation', department: 'SLJ', categories: ['stage1'] }, { actor: admin }));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.details.map((d) => d.problem)).toEqual(['只有业务窗口可以指定所属部门', '咨询窗口须叫“咨询”类排队号']);
    const noDept = await errorOf(rpc.request(Rpc.admin.createWindow, { no: 'Y01', name: '业务', kind: 'business', categories: ['stage2'] }, { actor: admin }));
    expect(noDept.details.map((d) => d.problem)).toEqual(['业务窗口须指定所属部门']);
    const shape = await errorOf(rpc.request(Rpc.admin.createWindow, { no: 'y', name: '', kind: 'vip', categories: [] } as never, { actor: admin }));
    expect(shape.details.map((d) => d.field)).toEqual(expect.arrayContaining(['no', 'name', 'kind', 'categories']));
  });

  it("creates a business window the queue sees at once, and sets today's duty roster", async () => {
    const w = await rpc.request(Rpc.admin.createWindow, { no: 'Y01', name: '水利业务窗口', kind: 'business', department: 'SLJ', categories: ['stage2'], location: '二楼 15 号' }, { actor: admin });
    expect(w).toMatchObject({ no: 'Y01', kind: 'business', department: 'SLJ', categories: ['stage2'], stages: [2], active: true, version: 0, staff: [], duty: { staff: [] } });
    expect((await rpc.request(Rpc.admin.listWindows, {})).find((x) => x.no === 'Y01')).toMatchObject({ categories: ['stage2'], department: 'SLJ', stages: [2] });
    expect((await rpc.request(Rpc.admin.getWindow, { no: 'W01' }, { actor: admin })).staff.map((s) => s.username)).toEqual(['clerk1']);

    const duty = await rpc.request(Rpc.admin.setWindowDuty, { no: 'Y01', usernames: ['clerk2', 'zrzy1'] }, { actor: admin });
    expect(duty.duty.staff).toEqual([
      { username: 'clerk2', displayName: '杨帆', boundHere: false },
      { username: 'zrzy1', displayName: '李志强', boundHere: false },
    ]);
    const twice = await errorOf(rpc.request(Rpc.admin.setWindowDuty, { no: 'W01', usernames: ['clerk2', 'nobody'] }, { actor: admin }));
    expect(twice.details.map((d) => d.problem)).toEqual(['账号 nobody 不存在', 'clerk2 当日已在窗口 Y01 值班']);
    expect((await rpc.request(Rpc.admin.setWindowDuty, { no: 'Y01', usernames: [] }, { actor: admin })).duty.staff).toEqual([]);

    const stale = await errorOf(rpc.request(Rpc.admin.updateWindow, { no: 'Y01', name: '水利窗口', kind: 'business', department: 'SLJ', categories: ['stage2'], expectedVersion: 5 }, { actor: admin }));
    expect(stale).toMatchObject({ code: 'CONFLICT', details: [{ currentVersion: 0 }] });
  });

  it('refuses to retire a window while tickets wait that only it would call, then retires it', async () => {
    // the pick-up window is the only one calling "pickup": its waiting tickets would be stranded
    waiting = { day: '2026-01-01', sentToWindow: [], inCategories: [{ ticketNo: 'P003', category: 'pickup' }] };
    const stranded = await errorOf(rpc.request(Rpc.admin.retireWindow, { no: 'P01' }, { actor: admin }));
    expect(stranded.code).toBe('INVALID_STATE');
    expect(stranded.details[0]?.problem).toBe('“出件”类仍有 1 个排队号在等候（P003），且没有其他在用窗口叫该类号，请先叫号办结或转移后再停用窗口');
    expect(intake.asked.at(-1)).toEqual({ windowNo: 'P01', categories: ['pickup'] });

    // Y01's stage2 is also called by W01 and W02: only tickets sent to Y01 itself hold it
    waiting = { day: '2026-01-01', sentToWindow: [{ ticketNo: 'B002', category: 'stage2' }], inCategories: [] };
    const sent = await errorOf(rpc.request(Rpc.admin.retireWindow, { no: 'Y01', expectedVersion: 0 }, { actor: admin }));
    expect(sent.details[0]?.problem).toBe('窗口 Y01 仍有 1 个转来的排队号在等候（B002），请先叫号办结或转到其他窗口后再停用');
    expect(intake.asked.at(-1)).toEqual({ windowNo: 'Y01', categories: [] });

    waiting = { day: '2026-01-01', sentToWindow: [], inCategories: [] };
    const retired = await rpc.request(Rpc.admin.retireWindow, { no: 'Y01', expectedVersion: 0 }, { actor: admin });
    expect(retired).toMatchObject({ active: false, version: 1 });
    expect((await rpc.request(Rpc.admin.listWindows, {})).map((x) => x.no)).not.toContain('Y01');
    // a department whose business windows are retired and which has no items can be retired
    expect(await rpc.request(Rpc.admin.retireDepartment, { code: 'SLJ' }, { actor: admin })).toMatchObject({ active: false });
    const onRetired = await errorOf(rpc.request(Rpc.admin.createWindow, { no: 'Y02', name: '水利', kind: 'business', department: 'SLJ', categories: ['stage2'] }, { actor: admin }));
    expect(onRetired.details.map((d) => d.problem)).toEqual(['部门 水利局 已停用']);
  });
});
