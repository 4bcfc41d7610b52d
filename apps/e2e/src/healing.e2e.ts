/**
 * Healing (issue 11): the supervisor that `npm start` runs (RunningSystem with autoRestart) restarts a service
 * killed from outside with `kill -9`, says so, and gives up loudly after repeated crashes while the rest keeps
 * running; GET /api/health names what is down and since when.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startE2E, type E2E } from './harness.js';

interface Health {
  status: string;
  services: Record<string, string>;
  down: { service: string; since: string }[];
  warnings: string[];
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function pidOf(e: E2E, instance: string): number {
  const pid = e.system.states()[instance]?.pid;
  if (!pid) throw new Error(`${instance} is not running`);
  return pid;
}

describe('healing: a service killed from outside comes back', () => {
  let e: E2E;

  beforeAll(async () => {
    // one restart allowed within the window: the second kill makes the supervisor give up
    e = await startE2E({ autoRestart: { maxRestarts: 1, baseDelayMs: 200 } });
  });

  afterAll(async () => {
    await e?.stop();
  });

  it('restarts admin after kill -9, says so, health names it while down, and logging in works again', async () => {
    const pid = pidOf(e, 'admin');
    process.kill(pid, 'SIGKILL');
    const notice = await until('the restart line', () => e.notices.find((n) => n.startsWith('admin exited (signal SIGKILL); restarting in')));
    expect(notice).toMatch(/^admin exited \(signal SIGKILL\); restarting in [\d.]+ s \(restart 1 of 1 within 10 min\)$/);
    const degraded = await until('health naming admin as down', async () => {
      const h = await e.http.get<Health>('/api/health');
      return h.status === 503 && h.body.down.some((d) => d.service === 'admin') ? h.body : undefined;
    });
    expect(degraded.status).toBe('degraded');
    expect(degraded.services['admin']).toBe('down');
    expect(degraded.down.find((d) => d.service === 'admin')?.since).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(degraded.warnings.join()).toContain('服务 admin 不可用');

    await e.system.waitHealthy(60_000);
    const h = await e.http.get<Health>('/api/health');
    expect(h.body).toMatchObject({ status: 'ok', down: [] });
    expect(e.system.states()['admin']).toMatchObject({ running: true, restarts: 1, gaveUp: false });
    expect(pidOf(e, 'admin')).not.toBe(pid);
    // admin answers again: logging in asks it to verify the password
    expect(await e.http.login('clerk1')).toEqual(expect.any(String));
  });

  it('gives up loudly after repeated crashes, leaves it down, and keeps the others running', async () => {
    process.kill(pidOf(e, 'admin'), 'SIGKILL');
    const notice = await until('the giving-up line', () => e.notices.find((n) => n.includes('GIVING UP')));
    expect(notice).toContain('admin exited (signal SIGKILL) 2 times within 10 min; GIVING UP');
    expect(notice).toContain('Its last output:');
    const states = e.system.states();
    expect(states['admin']).toMatchObject({ running: false, gaveUp: true, downSince: expect.any(String) });
    expect(Object.entries(states).filter(([name, s]) => name !== 'admin' && !s.running)).toEqual([]);
    const h = await e.http.get<Health>('/api/health');
    expect(h.status).toBe(503);
    expect(h.body.down.map((d) => d.service)).toEqual(['admin']);

    // started by hand again, it is up and the supervisor counts afresh
    e.system.start('admin');
    await e.system.waitHealthy(60_000);
    expect(e.system.states()['admin']).toMatchObject({ running: true, gaveUp: false });
  });

  it('does not restart a service stopped on purpose through kill()', async () => {
    const before = e.notices.length;
    // the supervisor decides on the exit itself, before kill() returns: nothing is scheduled
    await e.system.kill('notification');
    expect(e.system.states()['notification']).toMatchObject({ running: false, restartPending: false, gaveUp: false });
    expect(e.notices.slice(before)).toEqual([]);
    e.system.start('notification');
    await e.system.waitHealthy(60_000);
  });
});
