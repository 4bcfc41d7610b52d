/**
 * First run without demo data (issue 12, item 1): the hall starts empty, admin says how to create the first
 * administrator, and `npm run admin:create` (dist/apps/admin/src/cli/create-admin.js) creates one whose login works —
 * with a password given on standard input or generated and shown once; bad input and an existing username are
 * refused with every problem named.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testConfig } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The command as `npm run admin:create -- …` runs it (after the build), against admin's own database role. */
function adminCreate(e: E2E, args: string[], stdin?: string): Promise<Run> {
  const child = spawn(process.execPath, [path.join(root, 'dist', 'apps', 'admin', 'src', 'cli', 'create-admin.js'), ...args], {
    cwd: root,
    env: { ...testConfig.baseEnv, DATABASE_URL: e.serviceDatabaseUrls['admin'] ?? e.infra.databaseUrl },
    stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  if (stdin !== undefined) child.stdin?.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('first run: an empty hall and its first administrator', () => {
  let e: E2E;

  beforeAll(async () => {
    e = await startE2E({ env: { DEMO_DATA: 'false' } });
  });

  afterAll(async () => {
    await e?.stop();
  });

  it('has no accounts, and admin says how to create the first administrator', async () => {
    expect((await e.http.post('/api/v1/auth/login', { username: 'admin', password: 'e2e-demo-password' })).status).toBe(401);
    const hint = e.logs.find((l) => l.app === 'admin' && l.line.includes('no administrator account yet'));
    expect(hint?.line).toContain('npm run admin:create -- --username <name>');
  });

  it('creates one with the password given on standard input; the login works and has the admin role', async () => {
    const run = await adminCreate(e, ['--username', 'chief', '--display-name', '王主任', '--phone', '13937609999', '--password-stdin'], 'Xin-county-2026\n');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Administrator chief created.');
    expect(run.stdout).not.toContain('Xin-county-2026');
    const login = await e.http.post<{ accessToken: string; user: { username: string; displayName: string; roles: string[] } }>('/api/v1/auth/login', {
      username: 'chief',
      password: 'Xin-county-2026',
    });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ username: 'chief', displayName: '王主任', roles: ['admin'] });
    // an administrator's page answers
    expect((await e.http.get('/api/v1/admin/calendar', login.body.accessToken)).status).toBe(200);
    // the hint is not repeated by a restarted admin now that there is one
    const before = e.logs.length;
    await e.system.kill('admin');
    e.system.start('admin');
    await e.system.waitHealthy(60_000);
    expect(e.logs.slice(before).some((l) => l.app === 'admin' && l.line.includes('no administrator account yet'))).toBe(false);
  });

  it('refuses an existing username, a weak password and a bad username, naming every problem', async () => {
    const again = await adminCreate(e, ['--username', 'chief', '--password-stdin'], 'Other-county-2026\n');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('账号 chief 已存在');
    const weak = await adminCreate(e, ['--username', '9x', '--phone', '123', '--password-stdin'], '9x\n');
    expect(weak.code).toBe(2);
    for (const problem of ['username: 用户名须以字母开头', 'phone: 手机号码须为11位中国大陆手机号', 'password: 密码至少10个字符', '密码须至少包含小写字母、大写字母、数字、其他字符中的三类', '密码不得包含用户名']) {
      expect(weak.stderr).toContain(problem);
    }
    const missing = await adminCreate(e, []);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--username is required');
  });

  it('generates a password when none is given and shows it once; it logs in', async () => {
    const run = await adminCreate(e, ['--username', 'deputy']);
    expect(run.code).toBe(0);
    const password = run.stdout.match(/Password \(shown once, keep it safe\): (\S+)/)?.[1];
    expect(password).toMatch(/^.{16}$/);
    expect((await e.http.post('/api/v1/auth/login', { username: 'deputy', password })).status).toBe(200);
  });
});
