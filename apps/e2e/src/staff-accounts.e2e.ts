/**
 * Staff accounts over HTTP (issue 12, item 4): the administrator creates an account (the person must change the
 * given password before anything else), edits roles and scope (which ends the person's logins), resets a password,
 * and cannot leave the hall without an active administrator; bad input lists every problem in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

interface ErrorAnswer {
  error: { code: string; messageZh: string; details: { field?: string; problem: string; currentVersion?: number }[] };
}
interface AccountView {
  username: string;
  displayName: string;
  roles: string[];
  department?: string;
  window?: string;
  phone: string;
  active: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  version: number;
}
interface LoginAnswer {
  accessToken: string;
  user: { username: string; roles: string[]; department?: string; window?: string; mustChangePassword?: boolean };
}

describe('staff accounts: the administrator manages the hall staff', () => {
  let e: E2E;
  let admin: string;

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.http.login('admin');
  });

  afterAll(async () => {
    await e?.stop();
  });

  const login = (username: string, password: string) => e.http.post<LoginAnswer & ErrorAnswer>('/api/v1/auth/login', { username, password });

  it('creates a window clerk who must change the given password before anything else', async () => {
    const created = await e.http.post<{ account: AccountView; temporaryPassword: string }>(
      '/api/v1/admin/accounts',
      { username: 'li.na', displayName: '李娜', roles: ['clerk'], window: 'W02', phone: '13937600777' },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body.account).toMatchObject({ username: 'li.na', displayName: '李娜', roles: ['clerk'], window: 'W02', phone: '13937600777', active: true, mustChangePassword: true, version: 0 });
    expect(created.body.temporaryPassword).toMatch(/^.{16}$/);

    const first = await login('li.na', created.body.temporaryPassword);
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ username: 'li.na', window: 'W02', mustChangePassword: true });
    const blocked = await e.http.get<ErrorAnswer>('/api/v1/follow-up', first.body.accessToken);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error).toMatchObject({ code: 'PASSWORD_CHANGE_REQUIRED', messageZh: '请先修改管理员设置的初始密码' });
    const changed = await e.http.post('/api/v1/auth/password', { oldPassword: created.body.temporaryPassword, newPassword: 'Window-two-2026' }, first.body.accessToken);
    expect(changed.status).toBe(200);

    const second = await login('li.na', 'Window-two-2026');
    expect(second.status).toBe(200);
    expect(second.body.user.mustChangePassword).toBeUndefined();
    expect((await e.http.get('/api/v1/follow-up', second.body.accessToken)).status).toBe(200);
    const listed = await e.http.get<AccountView[]>('/api/v1/admin/accounts?role=clerk', admin);
    expect(listed.body.map((a) => a.username)).toContain('li.na');
    expect(listed.body.find((a) => a.username === 'li.na')).toMatchObject({ mustChangePassword: false });
  });

  it('lists every problem of a bad account, and refuses an existing username', async () => {
    const bad = await e.http.post<ErrorAnswer>(
      '/api/v1/admin/accounts',
      { username: '1x', displayName: '', roles: ['reviewer', 'wizard'], phone: '1234', password: 'short' },
      admin,
    );
    expect(bad.status).toBe(400);
    const fields = bad.body.error.details.map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['username', 'displayName', 'roles', 'phone']));
    const scope = await e.http.post<ErrorAnswer>(
      '/api/v1/admin/accounts',
      { username: 'wang.qiang', displayName: '王强', roles: ['reviewer', 'clerk'], window: 'W99', phone: '13937600778', password: 'weakpassword' },
      admin,
    );
    expect(scope.status).toBe(400);
    expect(scope.body.error.details).toEqual(
      expect.arrayContaining([
        { field: 'department', problem: '审查人员和部门负责人须指定所属部门' },
        { field: 'window', problem: '窗口 W99 不存在' },
        { field: 'password', problem: '密码须至少包含小写字母、大写字母、数字、其他字符中的三类' },
      ]),
    );
    const taken = await e.http.post<ErrorAnswer>('/api/v1/admin/accounts', { username: 'fgw1', displayName: '重名', roles: ['reviewer'], department: 'FGW', phone: '13937600779' }, admin);
    expect(taken.status).toBe(409);
    expect(taken.body.error.details[0]?.problem).toBe('账号 fgw1 已存在');
    // only the administrator
    expect((await e.http.get('/api/v1/admin/accounts', await e.http.login('supervisor1'))).status).toBe(403);
  });

  it("moves a reviewer to another department: the person's old token ends, the new login carries the new department", async () => {
    const before = await login('zrzy1', 'e2e-demo-password');
    expect((await e.http.get('/api/v1/review/tasks', before.body.accessToken)).status).toBe(200);
    const read = await e.http.get<AccountView>('/api/v1/admin/accounts/zrzy1', admin);
    expect(read.body).toMatchObject({ department: 'ZRZY', roles: ['reviewer'] });
    const moved = await e.http.put<AccountView>('/api/v1/admin/accounts/zrzy1', { displayName: read.body.displayName, roles: ['reviewer'], department: 'ZJJ', phone: read.body.phone, expectedVersion: read.body.version }, admin);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ department: 'ZJJ', version: read.body.version + 1 });
    expect((await e.http.get('/api/v1/review/tasks', before.body.accessToken)).status).toBe(401);
    const after = await login('zrzy1', 'e2e-demo-password');
    expect(after.body.user.department).toBe('ZJJ');
    // an edit on the old version is refused, naming the current one
    const stale = await e.http.put<ErrorAnswer>('/api/v1/admin/accounts/zrzy1', { displayName: '李志强', roles: ['reviewer'], department: 'ZRZY', phone: read.body.phone, expectedVersion: read.body.version }, admin);
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0]).toMatchObject({ field: 'expectedVersion', currentVersion: read.body.version + 1 });
  });

  it('resets a password: the old one stops, the temporary one must be changed, the lock is cleared', async () => {
    const reset = await e.http.post<{ account: AccountView; temporaryPassword: string }>('/api/v1/admin/accounts/sthj1/reset-password', {}, admin);
    expect(reset.status).toBe(200);
    expect(reset.body.account).toMatchObject({ username: 'sthj1', mustChangePassword: true, locked: false });
    expect((await login('sthj1', 'e2e-demo-password')).status).toBe(401);
    const temp = await login('sthj1', reset.body.temporaryPassword);
    expect(temp.status).toBe(200);
    expect(temp.body.user.mustChangePassword).toBe(true);
    expect((await e.http.get<ErrorAnswer>('/api/v1/review/tasks', temp.body.accessToken)).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    // every change of an account is in the audit trail, by whom and on which account (never the password)
    const audit = await eventually(async () => {
      const page = await e.http.get<{ items: { actor: string; action: string; objectId?: string; outcome: string }[] }>(
        '/api/v1/audit?action=yc.rpc.admin.accounts.reset-password.v1',
        await e.http.login('supervisor1'),
      );
      return page.body.items.length > 0 ? page.body.items : undefined;
    });
    expect(audit[0]).toMatchObject({ actor: 'admin', action: 'yc.rpc.admin.accounts.reset-password.v1', objectId: 'sthj1', outcome: 'ok' });
    expect(JSON.stringify(audit)).not.toContain(reset.body.temporaryPassword);
  });

  it('keeps one active administrator: the last one can neither be disabled nor lose the role', async () => {
    const off = await e.http.post<ErrorAnswer>('/api/v1/admin/accounts/admin/disable', {}, admin);
    expect(off.status).toBe(409);
    expect(off.body.error.details[0]?.problem).toBe('至少须保留一个启用的管理员账号');
    const read = await e.http.get<AccountView>('/api/v1/admin/accounts/admin', admin);
    const demoted = await e.http.put<ErrorAnswer>('/api/v1/admin/accounts/admin', { displayName: read.body.displayName, roles: ['supervisor'], phone: read.body.phone, expectedVersion: read.body.version }, admin);
    expect(demoted.status).toBe(409);
    // with a second administrator, the first may go
    const second = await e.http.post<{ temporaryPassword: string }>('/api/v1/admin/accounts', { username: 'deputy.admin', displayName: '副管理员', roles: ['admin'], phone: '13937600780' }, admin);
    expect(second.status).toBe(201);
    expect((await e.http.post<AccountView>('/api/v1/admin/accounts/admin/disable', {}, admin)).status).toBe(200);
    expect((await e.http.get('/api/v1/admin/accounts', admin)).status).toBe(401);
  });
});
