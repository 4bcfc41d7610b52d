/**
 * Logins over HTTP (issue 11): wrong passwords answer 401 INVALID_CREDENTIALS, then 429 LOGIN_THROTTLED with
 * growing waits, then 423 ACCOUNT_LOCKED until the administrator unlocks; refresh tokens rotate, a used one
 * revokes its login; logout; a disabled account's access token is refused within the gateway's cache window; a
 * changed password revokes the account's tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Rpc } from '@yichuang/contracts';
import { E2E_CLOCK_START, eventually, testRpcClient } from '@yichuang/testing';
import { DEMO_PASSWORD, setClock, startE2E, type E2E } from './harness.js';

interface ErrorAnswer {
  error: { code: string; message: string; messageZh: string; details: { field?: string; problem: string; retryAfterSeconds?: number }[] };
}
interface LoginAnswer {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  user: { username: string; roles: string[] };
}

describe('authentication: throttling, lockout, refresh tokens, revocation', () => {
  let e: E2E;
  // admin's clock, moved on by the test (set absolutely; 5 s more than asked, for the time the steps take)
  let adminNowMs = Date.parse(E2E_CLOCK_START) + 3600_000;
  const later = async (seconds: number) => {
    adminNowMs += (seconds + 5) * 1000;
    await setClock(e, 'admin', new Date(adminNowMs).toISOString());
  };

  beforeAll(async () => {
    // as behind the hall's nginx on the same machine: X-Forwarded-For from loopback names the client
    e = await startE2E({ env: { TRUST_PROXY: 'loopback' } });
    await later(0);
  });

  afterAll(async () => {
    await e?.stop();
  });

  const login = (username: string, password: string) => e.http.post<LoginAnswer & ErrorAnswer>('/api/v1/auth/login', { username, password });

  it('answers 401 for wrong passwords, then 429 with the wait, then 423 locked; the administrator unlocks', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await login('clerk1', 'wrong-password');
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: 'INVALID_CREDENTIALS', messageZh: '用户名或密码错误' });
    }
    const throttled = await login('clerk1', DEMO_PASSWORD);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toMatchObject({ code: 'LOGIN_THROTTLED', messageZh: '登录失败次数过多，请8秒后再试' });
    expect(throttled.headers.get('retry-after')).toBe('8');
    const statuses: number[] = [];
    let last = throttled;
    let wait = 8;
    for (let i = 0; i < 12 && last.status !== 423; i++) {
      await later(wait);
      last = await login('clerk1', 'wrong-password');
      statuses.push(last.status);
      if (last.status !== 401) continue;
      // at once again: must wait, longer each time
      const again = await login('clerk1', 'wrong-password');
      expect(again.status).toBe(429);
      const next = again.body.error.details[0]?.retryAfterSeconds ?? 0;
      expect(next).toBe(wait * 2);
      wait = next;
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 423]);
    expect(last.body.error).toMatchObject({ code: 'ACCOUNT_LOCKED', messageZh: '账号已锁定，请联系管理员解锁' });
    await later(3600);
    expect((await login('clerk1', DEMO_PASSWORD)).status).toBe(423);

    const adminToken = await e.http.login('admin');
    const clerkToken = await e.http.login('consult1');
    expect((await e.http.post('/api/v1/admin/accounts/clerk1/unlock', {}, clerkToken)).status).toBe(403);
    const unlocked = await e.http.post<{ locked: boolean }>('/api/v1/admin/accounts/clerk1/unlock', {}, adminToken);
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toMatchObject({ username: 'clerk1', locked: false, failedLogins: 0 });
    const ok = await login('clerk1', DEMO_PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ expiresIn: 900, refreshExpiresIn: expect.any(Number), user: { username: 'clerk1' } });
  });

  it('throttles per client address as the trusted proxy names it, and only that address', async () => {
    const from = (address: string) => ({ 'x-forwarded-for': address });
    const attempt = (username: string, password: string, address: string) =>
      e.http.post<LoginAnswer & ErrorAnswer>('/api/v1/auth/login', { username, password }, undefined, from(address));
    // unknown usernames count for the address only (LOGIN_ADDRESS_DELAY_AFTER = 20 within an hour)
    for (let i = 0; i < 20; i++) expect((await attempt(`nobody${i}`, 'guess', '203.0.113.7')).status).toBe(401);
    const throttled = await attempt('zrzy1', DEMO_PASSWORD, '203.0.113.7');
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('LOGIN_THROTTLED');
    // another client behind the same proxy logs in
    expect((await attempt('zrzy1', DEMO_PASSWORD, '203.0.113.8')).status).toBe(200);
  });

  it('rotates refresh tokens; a used refresh token revokes the login; logout ends the login, its access token included', async () => {
    const first = (await login('fgw1', DEMO_PASSWORD)).body;
    const second = await e.http.post<LoginAnswer>('/api/v1/auth/refresh', { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ user: { username: 'fgw1' }, expiresIn: 900 });
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await e.http.get('/api/v1/review/tasks', second.body.accessToken)).status).toBe(200);
    // the first one again: used up, and its whole family revoked
    expect((await e.http.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken })).status).toBe(401);
    expect((await e.http.post('/api/v1/auth/refresh', { refreshToken: second.body.refreshToken })).status).toBe(401);
    // and the access token of that login too, within the gateway's token-state cache window (a stolen refresh
    // token ends the login; the refresh answer names nobody, so the gateway learns it when it asks admin again)
    await eventually(async () => (await e.http.get('/api/v1/review/tasks', second.body.accessToken)).status === 401, 10_000);

    const other = (await login('fgw1', DEMO_PASSWORD)).body;
    const elsewhere = (await login('fgw1', DEMO_PASSWORD)).body;
    expect((await e.http.get('/api/v1/review/tasks', other.accessToken)).status).toBe(200);
    expect((await e.http.post('/api/v1/auth/logout', { refreshToken: other.refreshToken })).status).toBe(200);
    expect((await e.http.post('/api/v1/auth/refresh', { refreshToken: other.refreshToken })).status).toBe(401);
    // logging out ends that login's access token at once; the same person's other login keeps working
    const loggedOut = await e.http.get<ErrorAnswer>('/api/v1/review/tasks', other.accessToken);
    expect(loggedOut.status).toBe(401);
    expect((await e.http.get('/api/v1/review/tasks', elsewhere.accessToken)).status).toBe(200);
    expect((await e.http.post<ErrorAnswer>('/api/v1/auth/refresh', { refreshToken: 'short' })).status).toBe(400);
  });

  it("refuses a disabled account's access token within the cache window, and its logins", async () => {
    const token = await e.http.login('zjj1');
    expect((await e.http.get('/api/v1/review/tasks', token)).status).toBe(200);
    // disabled elsewhere (another gateway instance's administrator): this gateway learns it within its cache window
    const rpc = testRpcClient(e.infra.natsUrl);
    try {
      await rpc.request(Rpc.admin.disableAccount, { username: 'zjj1' }, { actor: { username: 'admin', roles: ['admin'] } });
    } finally {
      await rpc.onApplicationShutdown();
    }
    const disabledAt = performance.now();
    await eventually(async () => (await e.http.get('/api/v1/review/tasks', token)).status === 401, 10_000);
    expect(performance.now() - disabledAt).toBeLessThan(7_000);
    const refused = await login('zjj1', DEMO_PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'ACCOUNT_DISABLED', messageZh: '账号已停用' });
    const adminToken = await e.http.login('admin');
    expect((await e.http.post('/api/v1/admin/accounts/zjj1/enable', {}, adminToken)).status).toBe(200);
    expect((await login('zjj1', DEMO_PASSWORD)).status).toBe(200);
    // the old token stays revoked
    expect((await e.http.get('/api/v1/review/tasks', token)).status).toBe(401);
  });

  it('changes the password by the policy, listing every problem, and revokes the tokens of the account', async () => {
    const { accessToken, refreshToken } = (await login('sthj1', DEMO_PASSWORD)).body;
    const weak = await e.http.post<ErrorAnswer>('/api/v1/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'sthj1abc' }, accessToken);
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.map((d) => d.problem)).toEqual(['密码至少10个字符', '密码须至少包含小写字母、大写字母、数字、其他字符中的三类', '密码不得包含用户名']);
    const changed = await e.http.post('/api/v1/auth/password', { oldPassword: DEMO_PASSWORD, newPassword: 'Xin-county-2026' }, accessToken);
    expect(changed.status).toBe(200);
    expect((await e.http.get('/api/v1/review/tasks', accessToken)).status).toBe(401);
    expect((await e.http.post('/api/v1/auth/refresh', { refreshToken })).status).toBe(401);
    expect((await login('sthj1', DEMO_PASSWORD)).status).toBe(401);
    expect((await login('sthj1', 'Xin-county-2026')).status).toBe(200);
  });
});
