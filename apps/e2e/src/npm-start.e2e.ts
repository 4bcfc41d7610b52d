/**
 * Healing under `npm start` itself (issue 11): the very program the README's first command runs
 * (`dist/tools/dev/start.js`), pointed at a fresh database and a private NATS, restarts a service killed from outside
 * with `kill -9`, says so on its output, and the hall works again; Ctrl-C (SIGINT) stops every process it started.
 * healing.e2e.ts covers the supervisor's policy (backoff, giving up, health naming what is down) in more detail.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@yichuang/platform';
import { eventually, startTestInfra, testConfig, TEST_PII_ENV, type TestInfra } from '@yichuang/testing';
import { DEMO_PASSWORD, Http, piiInLogs } from './harness.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The processes whose parent is `pid`, with their command lines (procps `ps`, present on every Debian). */
function children(pid: number): { pid: number; args: string }[] {
  let out = '';
  try {
    out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    return []; // ps exits 1 when there is none
  }
  return out
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), args: m[2] ?? '' }));
}

function servicePid(startPid: number, app: string): number | undefined {
  return children(startPid).find((c) => c.args.includes(`dist/apps/${app}/src/main.`))?.pid;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start heals: a service killed from outside comes back', () => {
  let infra: TestInfra;
  let start: ChildProcess;
  let output = '';
  let exitCode: number | null | undefined;
  let http: Http;

  beforeAll(async () => {
    infra = await startTestInfra();
    const port = await freePort();
    start = spawn(process.execPath, [path.join(root, 'dist', 'tools', 'dev', 'start.js')], {
      cwd: root,
      env: {
        ...testConfig.baseEnv,
        DATABASE_URL: infra.databaseUrl,
        NATS_URL: infra.natsUrl,
        PORT: String(port),
        DEMO_PASSWORD,
        // given, so that the run writes nothing into the checkout's .data directory
        JWT_SECRET: `npm-start-e2e-${'x'.repeat(40)}`,
        ...TEST_PII_ENV,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    start.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    start.on('exit', (code) => (exitCode = code));
    http = new Http(`http://127.0.0.1:${port}`);
    // the last line of the banner: "all up" and the banner reach this pipe as separate chunks
    await eventually(async () => output.includes('Ctrl-C stops everything.') || exitCode !== undefined, 120_000);
    if (exitCode !== undefined) throw new Error(`npm start exited with ${exitCode}:\n${output.slice(-4000)}`);
  }, 150_000);

  afterAll(async () => {
    if (start && exitCode === undefined) {
      start.kill('SIGKILL');
      // the services it started would be orphaned: stop them too
      for (const c of children(start.pid ?? 0)) process.kill(c.pid, 'SIGKILL');
    }
    await infra?.stop();
    // its output is what a person reads: it must not carry personal data either
    const leaks = piiInLogs(output.split('\n').map((line) => ({ app: 'gateway' as const, line })));
    expect(leaks).toEqual([]);
  });

  it('prints the gateway and demo accounts, and the hall answers', async () => {
    expect(output).toContain('Gateway        http://127.0.0.1:');
    expect(output).toContain('JWT secret: JWT_SECRET');
    expect(output).toContain('PII keys: PII_KEYS');
    expect((await http.get<{ status: string }>('/api/health')).body.status).toBe('ok');
    expect(await http.login('clerk1')).toEqual(expect.any(String));
  });

  it('restarts review after kill -9, says so, and the health comes back ok', async () => {
    const pid = servicePid(start.pid ?? 0, 'review');
    expect(pid).toEqual(expect.any(Number));
    process.kill(pid ?? 0, 'SIGKILL');
    await eventually(async () => output.includes('[start] review exited (signal SIGKILL); restarting in'), 30_000);
    const again = await eventually(async () => {
      const p = servicePid(start.pid ?? 0, 'review');
      return p !== undefined && p !== pid ? p : undefined;
    }, 30_000);
    expect(alive(again)).toBe(true);
    const health = await eventually(async () => {
      const h = await http.get<{ status: string; services: Record<string, string>; down: unknown[] }>('/api/health');
      return h.status === 200 && h.body.status === 'ok' ? h.body : undefined;
    }, 60_000);
    expect(health.services['review']).toBe('up');
    expect(health.down).toEqual([]);
    // the restarted review answers: a reviewer's inbox is review's RPC
    const token = await http.login('fgw1');
    expect((await http.get('/api/v1/review/tasks', token)).status).toBe(200);
  }, 120_000);

  it('Ctrl-C stops every process it started and exits 0', async () => {
    const started = children(start.pid ?? 0).map((c) => c.pid);
    expect(started.length).toBeGreaterThanOrEqual(7);
    start.kill('SIGINT');
    await eventually(async () => exitCode !== undefined, 60_000);
    expect(exitCode).toBe(0);
    expect(output).toContain('[start] stopped');
    expect(started.filter(alive)).toEqual([]);
  }, 90_000);
});
