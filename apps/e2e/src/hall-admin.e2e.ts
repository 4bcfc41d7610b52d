/**
 * The hall's configuration over HTTP (issue 12, item 3): the administrator creates a department with a section, a
 * business window of it and a comprehensive window, and a clerk bound to the new window who — once the initial
 * password is changed — calls tickets of its category there (the queue sees the new window at once). Retiring the
 * window while a ticket waits for it is refused with a Chinese message, then allowed once it is empty; stale edits
 * answer 409; bad input lists every problem in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

interface ErrorAnswer {
  error: { code: string; messageZh: string; details: { field?: string; problem: string; currentVersion?: number; scope?: string }[] };
}
interface SectionView {
  code: string;
  name: string;
  head?: string;
  active: boolean;
  version: number;
}
interface DepartmentView {
  code: string;
  name: string;
  address: string;
  active: boolean;
  version: number;
  sections: SectionView[];
  activeItems: number;
  staff: number;
}
interface WindowView {
  no: string;
  kind: string;
  department?: string;
  categories: string[];
  stages: number[];
  active: boolean;
  version: number;
  staff: { username: string }[];
  duty: { day: string; staff: { username: string; boundHere: boolean }[] };
}
interface Called {
  ticketNo: string;
  windowNo: string;
  status: string;
}

describe('the administrator sets up departments, sections and windows', () => {
  let e: E2E;
  let admin: string;
  let clerk1: string;
  let newClerk: string;

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.http.login('admin');
    clerk1 = await e.http.login('clerk1');
  });

  afterAll(async () => {
    await e?.stop();
  });

  it('creates a department with a section; the supervisor reads it and cannot change it', async () => {
    // the queue has read the hall's windows before any change (its copy must be refreshed by the changes below)
    expect((await e.http.post('/api/v1/queue/call-next', { windowNo: 'W01' }, clerk1)).status).toBe(204);

    const created = await e.http.post<DepartmentView>(
      '/api/v1/admin/departments',
      { code: 'SLJ', name: '水利局', fullName: '新县水利局', shortName: '新水利', phone: '0376-2960101', address: '政务服务中心二楼 15 号窗口' },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ code: 'SLJ', active: true, version: 0, sections: [], activeItems: 0, staff: 0 });
    const section = await e.http.post<SectionView>('/api/v1/admin/departments/SLJ/sections', { code: 'SZY', name: '水资源科' }, admin);
    expect(section.status).toBe(201);
    expect((await e.http.get<SectionView[]>('/api/v1/admin/departments/SLJ/sections', admin)).body.map((s) => s.name)).toEqual(['水资源科']);

    const supervisor = await e.http.login('supervisor1');
    expect((await e.http.get<DepartmentView[]>('/api/v1/admin/departments', supervisor)).body.map((d) => d.code)).toContain('SLJ');
    expect((await e.http.post('/api/v1/admin/departments', { code: 'X1' }, supervisor)).status).toBe(403);

    const bad = await e.http.post<ErrorAnswer>('/api/v1/admin/departments', { code: 'slj', name: '', fullName: '新县水利局', shortName: '新水利', phone: 'x' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'code', problem: '部门代码须以大写字母开头，2至20位大写字母或数字' }),
        expect.objectContaining({ field: 'name', problem: '部门名称须为1至40个字符' }),
        expect.objectContaining({ field: 'phone', problem: '联系电话须为5至20位数字或连字符' }),
      ]),
    );
  });

  it('creates a business window of the department and a comprehensive window, listing every problem of a bad one', async () => {
    const bad = await e.http.post<ErrorAnswer>('/api/v1/admin/windows', { no: 'Y01', name: '水利业务窗口', kind: 'business', categories: ['stage2', 'stage2'] }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.problem)).toEqual(['业务窗口须指定所属部门', '排队类别不能重复']);

    const business = await e.http.post<WindowView>('/api/v1/admin/windows', { no: 'Y01', name: '水利业务窗口', kind: 'business', department: 'SLJ', categories: ['stage2'] }, admin);
    expect(business.status).toBe(201);
    expect(business.body).toMatchObject({ no: 'Y01', kind: 'business', department: 'SLJ', categories: ['stage2'], stages: [2], active: true, version: 0 });
    const comprehensive = await e.http.post<WindowView>(
      '/api/v1/admin/windows',
      { no: 'W09', name: '综合窗口九', kind: 'comprehensive', categories: ['stage1', 'stage2', 'stage3', 'stage4'], location: '一楼 9 号' },
      admin,
    );
    expect(comprehensive.status).toBe(201);
    expect(comprehensive.body.stages).toEqual([1, 2, 3, 4]);
    const taken = await e.http.post<ErrorAnswer>('/api/v1/admin/windows', { no: 'W09', name: '重复', kind: 'comprehensive', categories: ['stage1'] }, admin);
    expect(taken.status).toBe(409);
    expect(taken.body.error.details[0]?.problem).toBe('窗口编号 W09 已存在');
  });

  it('binds a new clerk to the new window, who changes the initial password and calls a ticket of its category there', async () => {
    const created = await e.http.post<{ temporaryPassword: string }>(
      '/api/v1/admin/accounts',
      { username: 'wang.shui', displayName: '王水', roles: ['clerk'], window: 'Y01', phone: '13937600888' },
      admin,
    );
    expect(created.status).toBe(201);
    const first = await e.http.post<{ accessToken: string; user: { window: string; mustChangePassword?: boolean } }>('/api/v1/auth/login', { username: 'wang.shui', password: created.body.temporaryPassword });
    expect(first.body.user).toMatchObject({ window: 'Y01', mustChangePassword: true });
    const blocked = await e.http.post<ErrorAnswer>('/api/v1/queue/call-next', { windowNo: 'Y01' }, first.body.accessToken);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await e.http.post('/api/v1/auth/password', { oldPassword: created.body.temporaryPassword, newPassword: 'Water-window-2026' }, first.body.accessToken)).status).toBe(200);
    newClerk = await e.http.login('wang.shui', 'Water-window-2026');

    const ticket = await e.http.post<{ ticketNo: string }>('/api/v1/queue/tickets', { category: 'stage2' });
    expect(ticket.status).toBe(201);
    // within eventually()'s 15 s, well inside the queue's one-minute copy of the windows: hall.changed refreshed it
    const called = await eventually(async () => {
      const r = await e.http.post<Called>('/api/v1/queue/call-next', { windowNo: 'Y01' }, newClerk);
      return r.status === 200 && r;
    });
    expect(called.body).toMatchObject({ ticketNo: ticket.body.ticketNo, windowNo: 'Y01', status: 'called' });
    const board = await e.http.get<{ calling: { ticketNo: string; windowNo: string }[] }>('/api/v1/queue/board');
    expect(board.body.calling).toEqual(expect.arrayContaining([expect.objectContaining({ ticketNo: ticket.body.ticketNo, windowNo: 'Y01' })]));

    const window = await e.http.get<WindowView>('/api/v1/admin/windows/Y01', admin);
    expect(window.body.staff.map((s) => s.username)).toEqual(['wang.shui']);
    const duty = await e.http.put<WindowView>('/api/v1/admin/windows/Y01/duty', { usernames: ['wang.shui'] }, admin);
    expect(duty.status).toBe(200);
    expect(duty.body.duty.staff).toEqual([{ username: 'wang.shui', displayName: '王水', boundHere: true }]);
  });

  it('refuses to retire the window while a ticket waits for it, and retires it once it is empty', async () => {
    // the comprehensive window sends an applicant on to the department's business window
    const ticket = await e.http.post<{ ticketNo: string }>('/api/v1/queue/tickets', { category: 'stage2' });
    const sent = await e.http.post('/api/v1/queue/transfer', { ticketNo: ticket.body.ticketNo, windowNo: 'Y01' }, clerk1);
    expect(sent.status).toBe(200);

    const refused = await e.http.post<ErrorAnswer>('/api/v1/admin/windows/Y01/retire', {}, admin);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'INVALID_STATE',
      messageZh: `窗口 Y01 仍有 1 个转来的排队号在等候（${ticket.body.ticketNo}），请先叫号办结或转到其他窗口后再停用`,
    });

    const called = await e.http.post<Called>('/api/v1/queue/call-next', { windowNo: 'Y01' }, newClerk);
    expect(called.body.ticketNo).toBe(ticket.body.ticketNo);
    const read = await e.http.get<WindowView>('/api/v1/admin/windows/Y01', admin);
    const retired = await e.http.post<WindowView>('/api/v1/admin/windows/Y01/retire', { expectedVersion: read.body.version }, admin);
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ active: false, version: read.body.version + 1 });
    // the queue no longer calls for it
    const gone = await eventually(async () => {
      const r = await e.http.post<ErrorAnswer>('/api/v1/queue/call-next', { windowNo: 'Y01' }, newClerk);
      return r.status === 400 && r;
    });
    expect(gone.body.error.details[0]?.problem).toBe('窗口 Y01 不存在或已停用');
    expect((await e.http.get<WindowView[]>('/api/v1/admin/windows?active=false', admin)).body.map((w) => w.no)).toEqual(['Y01']);
    // nobody new is bound to a retired window
    const late = await e.http.post<ErrorAnswer>('/api/v1/admin/accounts', { username: 'li.shui', displayName: '李水', roles: ['clerk'], window: 'Y01', phone: '13937600889' }, admin);
    expect(late.status).toBe(400);
    expect(late.body.error.details).toEqual([{ field: 'window', problem: '窗口 Y01 已停用' }]);
  });

  it('answers 409 to edits made on a stale version, and refuses to retire a department with active items', async () => {
    const w = await e.http.get<WindowView>('/api/v1/admin/windows/W09', admin);
    const body = { name: '综合窗口九', kind: 'comprehensive', categories: ['stage1', 'stage2'], expectedVersion: w.body.version };
    expect((await e.http.put<WindowView>('/api/v1/admin/windows/W09', body, admin)).body).toMatchObject({ categories: ['stage1', 'stage2'], stages: [1, 2], version: w.body.version + 1 });
    const stale = await e.http.put<ErrorAnswer>('/api/v1/admin/windows/W09', body, admin);
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0]).toMatchObject({ field: 'expectedVersion', problem: '窗口已被他人修改，请刷新后重试', currentVersion: w.body.version + 1 });

    const d = { name: '水利局', fullName: '新县水利局', shortName: '新水利', phone: '0376-2960102', expectedVersion: 0 };
    expect((await e.http.put<DepartmentView>('/api/v1/admin/departments/SLJ', d, admin)).body).toMatchObject({ phone: '0376-2960102', version: 1 });
    expect((await e.http.put('/api/v1/admin/departments/SLJ', d, admin)).status).toBe(409);

    const busy = await e.http.post<ErrorAnswer>('/api/v1/admin/departments/ZRZY/retire', {}, admin);
    expect(busy.status).toBe(409);
    expect(busy.body.error.messageZh).toMatch(/^部门 自然资源局 仍有 \d+ 个在用审批事项/);
    expect((await e.http.post('/api/v1/admin/departments/NOPE/retire', {}, admin)).status).toBe(404);
  });
});
