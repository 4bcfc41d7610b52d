import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { AppError, Rpc, rpc as rpcDef } from '@yichuang/contracts';
import { clockSubject, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { serviceClockAt, startTestInfra, TEST_INSTANT, testRpcClient, type TestInfra } from '@yichuang/testing';
import { AdminEnv } from '../config.js';
import { AdminModule } from '../app.module.js';

const PASSWORD = 'test-password';
const admin = { username: 'admin', roles: ['admin' as const] };

describe('logins, refresh tokens and revocation (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let nowMs = Date.parse(TEST_INSTANT);

  /** moves admin's clock at least `seconds` on (5 s more than asked: the clock runs meanwhile, and is set absolutely) */
  async function later(seconds: number): Promise<void> {
    nowMs += (seconds + 5) * 1000;
    await rpc.request(rpcDef<{ now?: string }, { now: string }>(clockSubject('admin'), null), { now: new Date(nowMs).toISOString() });
  }

  async function failure(username: string, password: string, clientAddress?: string): Promise<AppError> {
    try {
      await rpc.request(Rpc.admin.verifyLogin, { username, password, ...(clientAddress ? { clientAddress } : {}) });
    } catch (err) {
      return err as AppError;
    }
    throw new Error('the login succeeded');
  }

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(AdminEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, DEMO_DATA: 'true', LOG_LEVEL: 'error', DEMO_PASSWORD: PASSWORD, LOGIN_ADDRESS_DELAY_AFTER: '5', ...serviceClockAt(TEST_INSTANT) });
    app = await runService('admin', env, AdminModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
    await later(0);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('delays after 3 wrong passwords (8, 16 … s), locks after 10 in a row, and the administrator unlocks', async () => {
    for (let i = 1; i <= 3; i++) expect(await failure('zrzy1', 'wrong')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const throttled = await failure('zrzy1', PASSWORD);
    expect(throttled).toMatchObject({ code: 'LOGIN_THROTTLED', details: [expect.objectContaining({ retryAfterSeconds: 8 })] });
    await later(8);
    expect(await failure('zrzy1', 'wrong')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((await failure('zrzy1', 'wrong')).details[0]).toMatchObject({ retryAfterSeconds: 16 });
    let code = '';
    for (let n = 4; n < 10; n++) {
      await later(2 ** n);
      code = (await failure('zrzy1', 'wrong')).code;
    }
    expect(code).toBe('ACCOUNT_LOCKED');
    await later(3600);
    // locked: even the right password
    expect(await failure('zrzy1', PASSWORD)).toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(rpc.request(Rpc.admin.unlockAccount, { username: 'zrzy1' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(rpc.request(Rpc.admin.unlockAccount, { username: 'zrzy1' }, { actor: { username: 'clerk1', roles: ['clerk'] } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await rpc.request(Rpc.admin.unlockAccount, { username: 'zrzy1' }, { actor: admin })).toMatchObject({ locked: false, failedLogins: 0 });
    await expect(rpc.request(Rpc.admin.verifyLogin, { username: 'zrzy1', password: PASSWORD })).resolves.toMatchObject({ username: 'zrzy1' });
  });

  it('delays a client address that fails on many accounts, unknown usernames included', async () => {
    for (const u of ['fgw1', 'zjj1', 'nobody', 'sthj1', 'rfb1']) expect(await failure(u, 'wrong', '10.0.0.9')).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(await failure('clerk1', PASSWORD, '10.0.0.9')).toMatchObject({ code: 'LOGIN_THROTTLED' });
    // another address is not concerned
    await expect(rpc.request(Rpc.admin.verifyLogin, { username: 'clerk1', password: PASSWORD, clientAddress: '10.0.0.10' })).resolves.toMatchObject({ username: 'clerk1' });
    await later(9);
    await expect(rpc.request(Rpc.admin.verifyLogin, { username: 'clerk1', password: PASSWORD, clientAddress: '10.0.0.9' })).resolves.toMatchObject({ username: 'clerk1' });
  });

  it('rotates refresh tokens, and a used one again revokes the whole family', async () => {
    const login = await rpc.request(Rpc.admin.verifyLogin, { username: 'fgw1', password: PASSWORD });
    const first = login.session?.refreshToken ?? '';
    expect(first.length).toBeGreaterThan(30);
    const second = await rpc.request(Rpc.admin.refreshSession, { refreshToken: first });
    expect(second.user.username).toBe('fgw1');
    expect(second.session.refreshToken).not.toBe(first);
    const third = await rpc.request(Rpc.admin.refreshSession, { refreshToken: second.session.refreshToken });
    // the first token again: theft suspected, the family is gone
    await expect(rpc.request(Rpc.admin.refreshSession, { refreshToken: first })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(rpc.request(Rpc.admin.refreshSession, { refreshToken: third.session.refreshToken })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // another login is another family
    const other = await rpc.request(Rpc.admin.verifyLogin, { username: 'fgw1', password: PASSWORD });
    expect(await rpc.request(Rpc.admin.logout, { refreshToken: other.session?.refreshToken ?? '' })).toEqual({ revoked: 1, username: 'fgw1' });
    // the gateway refuses that login's access tokens (`sid`): the token state names it among the revoked logins
    expect(other.session?.sessionId).toEqual(expect.any(String));
    expect((await rpc.request(Rpc.admin.tokenState, { username: 'fgw1' })).revokedSessions).toContain(other.session?.sessionId);
    await expect(rpc.request(Rpc.admin.refreshSession, { refreshToken: other.session?.refreshToken ?? '' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('expires refresh tokens', async () => {
    const login = await rpc.request(Rpc.admin.verifyLogin, { username: 'zjj1', password: PASSWORD });
    await later(12 * 3600 + 1);
    await expect(rpc.request(Rpc.admin.refreshSession, { refreshToken: login.session?.refreshToken ?? '' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('revokes refresh tokens and raises the token version when the account is disabled or its password changes', async () => {
    const login = await rpc.request(Rpc.admin.verifyLogin, { username: 'sthj1', password: PASSWORD });
    const v0 = login.session?.tokenVersion ?? -1;
    expect(await rpc.request(Rpc.admin.tokenState, { username: 'sthj1' })).toEqual({ username: 'sthj1', active: true, tokenVersion: v0, revokedSessions: [] });
    await rpc.request(Rpc.admin.disableAccount, { username: 'sthj1' }, { actor: admin });
    expect(await rpc.request(Rpc.admin.tokenState, { username: 'sthj1' })).toEqual({ username: 'sthj1', active: false, tokenVersion: v0 + 1, revokedSessions: [login.session?.sessionId] });
    await expect(rpc.request(Rpc.admin.refreshSession, { refreshToken: login.session?.refreshToken ?? '' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await failure('sthj1', PASSWORD)).toMatchObject({ code: 'ACCOUNT_DISABLED' });
    await rpc.request(Rpc.admin.enableAccount, { username: 'sthj1' }, { actor: admin });

    const again = await rpc.request(Rpc.admin.verifyLogin, { username: 'sthj1', password: PASSWORD });
    const weak = await rpc.request(Rpc.admin.changePassword, { username: 'sthj1', oldPassword: PASSWORD, newPassword: 'sthj1' }).catch((e: AppError) => e);
    expect(weak).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((weak as AppError).details.map((d) => d.problem)).toEqual(['密码至少10个字符', '密码须至少包含小写字母、大写字母、数字、其他字符中的三类', '密码不得包含用户名']);
    await expect(rpc.request(Rpc.admin.changePassword, { username: 'sthj1', oldPassword: 'wrong', newPassword: 'Xin-county-42' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const changed = await rpc.request(Rpc.admin.changePassword, { username: 'sthj1', oldPassword: PASSWORD, newPassword: 'Xin-county-42' });
    expect(changed.tokenVersion).toBe(v0 + 2);
    await expect(rpc.request(Rpc.admin.refreshSession, { refreshToken: again.session?.refreshToken ?? '' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await failure('sthj1', PASSWORD)).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(rpc.request(Rpc.admin.verifyLogin, { username: 'sthj1', password: 'Xin-county-42' })).resolves.toMatchObject({ session: expect.objectContaining({ tokenVersion: v0 + 2 }) });
  });
});
