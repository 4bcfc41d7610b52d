/**
 * Benchmark: the whole case through the public API (issue 15), on the real system (every app a process, PostgreSQL,
 * NATS/JetStream): the clerk creates, pre-checks and accepts an application for two items of two departments; each
 * department hears of its task on the push channel (GET /api/v1/updates — no polling), claims and decides it; the
 * window hears the certificates are issued, reads them and hands them over; the applicant rates.
 *
 *   node dist/tools/bench/lifecycle.js [--seconds 20] [--concurrency 16] [--profile DIR] [--analyse yes] [--only system] [--replicas N] [--cluster yes]
 *
 * Prints whole cases per second (closed loop), p50/p95/p99 of a whole case at half that rate (open loop), the
 * p50/p99 of each phase, and the CPU per case of each process; then the same for the workflow-engine peer
 * (tools/bench/workflow-peer.ts: `bpmn-engine` in one process, state saved to PostgreSQL at every wait) on the same
 * database server, after the system is stopped, and the targets met or not; and beside both the bare baseline
 * (tools/bench/bare-case.ts: each call of a case as HTTP → NATS request-reply → one row in one transaction).
 * `--analyse yes`: on an embedded PostgreSQL of its own with `pg_stat_statements`, also the statements per case by
 * service and the NATS messages per case by subject, counted over the closed loop (the counting costs some CPU).
 * `--only system`: the closed loop of the system only (a quick look while tuning). `--replicas N`: N instances of each
 * app (statistics one), the calls spread over the N gateways; `--cluster yes`: on a loopback three-node NATS cluster
 * with the stream at R3 (tools/bench/replicas.ts runs 1, 2 and 3 side by side).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@yichuang/platform';
import { Pool } from 'undici';
import { makeCreditCode } from '@yichuang/domain';
import { aResidentId } from '@yichuang/testing';
import { messageProbe, STATEMENT_SETTINGS, statementsProbe } from './analyse.js';
import { benchLogin, closedLoop, cpuSnapshot, memorySnapshot, openLoop, pct, startBenchSystem, type Result } from './loops.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const SECONDS = Number(args.get('seconds') ?? 20);
const CONCURRENCY = Number(args.get('concurrency') ?? 16);
const PROFILE_DIR = args.get('profile');
const ANALYSE = args.get('analyse') === 'yes';
const ONLY_SYSTEM = args.get('only') === 'system';
const REPLICAS = Number(args.get('replicas') ?? 1);
const CLUSTER = args.get('cluster') === 'yes';

const PHASES = ['acceptance', 'tasks visible', 'decisions', 'certificates visible', 'hand-over', 'rating'] as const;
type Phase = (typeof PHASES)[number];

interface Update {
  kind: 'task' | 'case';
  change: string;
  caseNo: string;
  taskId?: string;
  departmentCode?: string;
}

/**
 * One terminal's push channel: the updates it got, by case, and waiters for the ones not there yet (an update may
 * come before the HTTP answer that caused it).
 */
class Channel {
  private readonly seen = new Map<string, Update[]>();
  private readonly waiting = new Map<string, { match: (u: Update) => boolean; resolve: (u: Update) => void }[]>();
  private readonly stop = new AbortController();

  static async open(base: string, token: string): Promise<Channel> {
    const c = new Channel();
    const res = await fetch(`${base}/api/v1/updates`, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: c.stop.signal });
    if (!res.ok || !res.body) throw new Error(`updates: ${res.status}`);
    void c.read(res.body);
    return c;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const text = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of body) {
        buf += text.decode(chunk, { stream: true });
        for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
          const data = /^data: (.*)$/m.exec(buf.slice(0, i))?.[1];
          buf = buf.slice(i + 2);
          if (data && data !== '{}') this.arrive(JSON.parse(data) as Update);
        }
      }
    } catch {
      // closed at the end
    }
  }

  private arrive(u: Update): void {
    const list = this.waiting.get(u.caseNo) ?? [];
    const w = list.findIndex((x) => x.match(u));
    if (w >= 0) {
      list.splice(w, 1)[0]?.resolve(u);
      return;
    }
    this.seen.set(u.caseNo, [...(this.seen.get(u.caseNo) ?? []), u]);
  }

  /** the first update of the case that matches, now or when it comes */
  next(caseNo: string, match: (u: Update) => boolean): Promise<Update> {
    const got = this.seen.get(caseNo) ?? [];
    const i = got.findIndex(match);
    if (i >= 0) return Promise.resolve(got.splice(i, 1)[0] as Update);
    return new Promise((resolve, reject) => {
      const entry = { match, resolve };
      this.waiting.set(caseNo, [...(this.waiting.get(caseNo) ?? []), entry]);
      setTimeout(() => reject(new Error(`no update for ${caseNo} within 60 s`)), 60_000).unref();
    });
  }

  forget(caseNo: string): void {
    this.seen.delete(caseNo);
    this.waiting.delete(caseNo);
  }

  close(): void {
    this.stop.abort();
  }
}

let seq = 0;

/** a benchmark script of this folder as a process of its own, on a free port: its base URL, its pid, how to stop it */
async function startScript(script: string, args: string[], ready: string): Promise<{ base: string; pid: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), script);
  const child = spawn(process.execPath, [file, '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (b: Buffer) => b.toString().includes(ready) && resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** a JSON caller of HTTP servers (several: each call to the next), with a keep-alive pool each */
function caller(base: string | string[]): { call: <T>(method: 'GET' | 'POST', p: string, body?: unknown, token?: string) => Promise<T>; close: () => Promise<void> } {
  const pools = (Array.isArray(base) ? base : [base]).map((b) => new Pool(b, { connections: CONCURRENCY * 2 }));
  let turn = 0;
  return {
    call: async <T>(method: 'GET' | 'POST', p: string, body?: unknown, token?: string): Promise<T> => {
      const http = pools[turn++ % pools.length] as Pool;
      const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
      const r = await http.request({ path: p, method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.body.text();
      if (r.statusCode >= 300) throw new Error(`${method} ${p}: ${r.statusCode} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    },
    close: async () => {
      await Promise.all(pools.map((x) => x.close()));
    },
  };
}

/**
 * The bare baseline: the calls of a whole case (3 to accept, a claim and a decision per department, a read, a
 * hand-over per document, a rating), each HTTP → NATS request-reply → one row in one transaction
 * (tools/bench/bare-case.ts), in the same order and parallelism as the system's.
 */
async function bareRun(databaseUrl: string, natsUrl: string): Promise<{ closed: Result; open: Result; cpuMs: Map<string, number> }> {
  const bare = await startScript('bare-case.js', ['--database', databaseUrl, '--nats', natsUrl], 'bare ready');
  const { call, close } = caller(bare.base);
  const wholeCase = async (): Promise<void> => {
    const app = await call<{ id: string }>('POST', '/applications', { itemCodes: ['ZRZY-001', 'FGW-002'], applicant: { name: '新县城投建设有限公司' } });
    await call('POST', `/applications/${app.id}/precheck`, { results: [] });
    await call('POST', `/applications/${app.id}/accept`);
    await Promise.all(
      ['ZRZY', 'FGW'].map(async (d) => {
        await call('POST', `/tasks/${d}/claim`);
        await call('POST', `/tasks/${d}/decide`, { outcome: 'approve', opinion: '符合要求，准予许可。' });
      }),
    );
    await call('POST', `/cases/${app.id}`);
    await Promise.all(['a', 'b'].map((c) => call('POST', `/certificates/${c}/collect`, { collectorName: '李四' })));
    await call('POST', '/evaluations', { level: 'very_satisfied' });
  };
  try {
    await closedLoop(wholeCase, 2, 4);
    const apps = new Map([['bare', bare.pid]]);
    const before = cpuSnapshot(apps);
    const closed = await closedLoop(wholeCase, SECONDS, CONCURRENCY);
    const after = cpuSnapshot(apps);
    const open = await openLoop(wholeCase, Math.max(0.5, closed.rate / 2), SECONDS);
    const cpuMs = new Map(
      [...after].filter(([k]) => k === 'bare' || k === 'postgresql' || k === 'nats-server').map(([k, v]) => [k, ((v - (before.get(k) ?? 0)) * 1000) / Math.max(1, closed.n)] as const),
    );
    return { closed, open, cpuMs };
  } finally {
    await close();
    await bare.stop();
  }
}

/** the same case against the peer: the same calls, the same phases (its tasks are there when the acceptance answers) */
async function peerRun(databaseUrl: string): Promise<{ closed: Result; open: Result; cpuMs: Map<string, number>; phases: string[] }> {
  const peer = await startScript('workflow-peer.js', ['--database', databaseUrl], 'peer ready');
  const { call, close } = caller(peer.base);
  const { phases, timed } = phaseTimer();
  const wholeCase = async (): Promise<void> => {
    const caseNo = await timed('acceptance', async () => {
      const app = await call<{ id: string }>('POST', '/applications', { itemCodes: ['ZRZY-001', 'FGW-002'], applicant: { name: '新县城投建设有限公司' } });
      await call('POST', `/applications/${app.id}/precheck`, { results: [] });
      return (await call<{ caseNo: string }>('POST', `/applications/${app.id}/accept`)).caseNo;
    });
    const tasks = await timed('tasks visible', () => call<{ id: string }[]>('GET', `/cases/${caseNo}/tasks`));
    await timed('decisions', () =>
      Promise.all(
        tasks.map(async (t) => {
          await call('POST', `/tasks/${t.id}/claim`);
          await call('POST', `/tasks/${t.id}/decide`, { outcome: 'approve', opinion: '符合要求，准予许可。' });
        }),
      ),
    );
    await timed('certificates visible', () => call('GET', `/cases/${caseNo}`));
    await timed('hand-over', () => call('POST', `/cases/${caseNo}/handover`));
    await timed('rating', () => call('POST', `/cases/${caseNo}/rating`, { level: 'very_satisfied' }));
  };
  try {
    await closedLoop(wholeCase, 3, 4);
    for (const list of phases.values()) list.length = 0;
    const apps = new Map([['workflow peer', peer.pid]]);
    const before = cpuSnapshot(apps);
    const closed = await closedLoop(wholeCase, SECONDS, CONCURRENCY);
    const after = cpuSnapshot(apps);
    const lines = phaseLines(phases);
    const open = await openLoop(wholeCase, Math.max(0.5, closed.rate / 2), SECONDS);
    // the peer's process and the database server (the system's processes are stopped by now)
    const cpuMs = new Map([...after].filter(([k]) => k === 'workflow peer' || k === 'postgresql').map(([k, v]) => [k, ((v - (before.get(k) ?? 0)) * 1000) / Math.max(1, closed.n)] as const));
    return { closed, open, cpuMs, phases: lines };
  } finally {
    await close();
    await peer.stop();
  }
}

/** the durations of each phase of the cases, and a wrapper that times one phase of one case */
function phaseTimer(): { phases: Map<Phase, number[]>; timed: <T>(phase: Phase, f: () => Promise<T>) => Promise<T> } {
  const phases = new Map<Phase, number[]>(PHASES.map((p) => [p, []]));
  const timed = async <T>(phase: Phase, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const v = await f();
    phases.get(phase)?.push(performance.now() - t);
    return v;
  };
  return { phases, timed };
}

function phaseLines(phases: Map<Phase, number[]>): string[] {
  return PHASES.map((p) => {
    const l = [...(phases.get(p) ?? [])].sort((a, b) => a - b);
    return `  ${p.padEnd(22)}${pct(l, 50).toFixed(0).padStart(8)} ms${pct(l, 99).toFixed(0).padStart(8)} ms`;
  });
}

async function main(): Promise<void> {
  const { infra, system, base, bases, stopCluster } = await startBenchSystem({
    ...(PROFILE_DIR ? { profileDir: PROFILE_DIR } : {}),
    ...(ANALYSE ? { embeddedSettings: STATEMENT_SETTINGS } : {}),
    replicas: REPLICAS,
    cluster: CLUSTER,
  });
  try {
    // idle: what the processes hold once they are up, before any case (a few seconds to settle)
    await new Promise((r) => setTimeout(r, 5000));
    const idle = memorySnapshot(system.pids());
    const rss = [...idle.values()].reduce((a, m) => a + m.rss, 0);
    const pss = [...idle.values()].reduce((a, m) => a + m.pss, 0);
    process.stdout.write(
      `idle memory of the ${idle.size} app processes: RSS ${rss.toFixed(0)} MB summed, PSS ${pss.toFixed(0)} MB (target: ≤ 800 MB — ${rss <= 800 ? 'met' : pss <= 800 ? 'met as PSS, NOT as summed RSS' : 'NOT met'})\n` +
        [...idle].map(([k, m]) => `  ${k.padEnd(14)}${m.rss.toFixed(0).padStart(6)} MB RSS${m.pss.toFixed(0).padStart(6)} MB PSS`).join('\n') +
        '\n',
    );
    const [clerk, zrzy, fgw] = await Promise.all(['clerk1', 'zrzy1', 'fgw1'].map((u) => benchLogin(base, u)));
    const items = (await (await fetch(`${base}/api/v1/catalog/items?stage=1`)).json()) as { code: string; materials: { code: string; required: boolean; forms: string[] }[] }[];
    const chosen = items.filter((i) => i.code === 'ZRZY-001' || i.code === 'FGW-002');
    const materials = chosen.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] ?? 'paper' })));
    const api = caller(bases);
    const call = <T>(token: string, method: 'GET' | 'POST', p: string, body?: unknown): Promise<T> => api.call<T>(method, p, body, token);
    const [window, zrzyDesk, fgwDesk] = await Promise.all([Channel.open(base, clerk), Channel.open(base, zrzy), Channel.open(base, fgw)]);
    const { phases, timed } = phaseTimer();
    const contactId = aResidentId();

    const wholeCase = async (): Promise<void> => {
      const n = ++seq;
      const caseNo = await timed('acceptance', async () => {
        const app = await call<{ id: string }>(clerk, 'POST', '/api/v1/applications', {
          channel: 'hall',
          stage: 1,
          itemCodes: chosen.map((i) => i.code),
          applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: makeCreditCode(`91411523MA${String(n).padStart(7, '0')}`), phone: '13912345678', contact: { name: '李四', idNumber: contactId, phone: '13912345678' } },
          project: { code: `2026-411523-48-01-${String(n % 1_000_000).padStart(6, '0')}`, name: '基准测试项目', location: '新县' },
          materials,
        });
        await call(clerk, 'POST', `/api/v1/applications/${app.id}/precheck`, { results: [] });
        return (await call<{ caseNo: string }>(clerk, 'POST', `/api/v1/applications/${app.id}/accept`)).caseNo;
      });
      try {
        const created = (u: Update) => u.kind === 'task' && u.change === 'created';
        const [zt, ft] = await timed('tasks visible', () => Promise.all([zrzyDesk.next(caseNo, created), fgwDesk.next(caseNo, created)]));
        await timed('decisions', () =>
          Promise.all(
            [
              [zrzy, zt.taskId],
              [fgw, ft.taskId],
            ].map(async ([token, id]) => {
              await call(token as string, 'POST', `/api/v1/review/tasks/${id}/claim`);
              await call(token as string, 'POST', `/api/v1/review/tasks/${id}/decide`, { outcome: 'approve', opinion: '符合要求，准予许可。' });
            }),
          ),
        );
        const certificates = await timed('certificates visible', async () => {
          await window.next(caseNo, (u) => u.kind === 'case' && u.change === 'issued');
          for (;;) {
            const c = await call<{ certificates?: { id: string }[] }>(clerk, 'GET', `/api/v1/cases/${caseNo}`);
            if ((c.certificates ?? []).length >= 2) return c.certificates ?? [];
            await new Promise((r) => setTimeout(r, 50));
          }
        });
        await timed('hand-over', () => Promise.all(certificates.map((c) => call(clerk, 'POST', `/api/v1/certificates/${c.id}/collect`, { collectorName: '李四', collectorIdNumber: contactId }))));
        await timed('rating', () => call(clerk, 'POST', '/api/v1/evaluations', { caseNo, level: 'very_satisfied', channel: 'pad', windowNo: 'W01' }));
      } finally {
        for (const c of [window, zrzyDesk, fgwDesk]) c.forget(caseNo);
      }
    };

    await closedLoop(wholeCase, 3, 4); // warm-up
    for (const list of phases.values()) list.length = 0;
    const statements = ANALYSE ? await statementsProbe(infra.databaseUrl) : undefined;
    const messages = ANALYSE ? await messageProbe(infra.natsUrl) : undefined;
    await statements?.reset();
    messages?.start();
    const cpuBefore = cpuSnapshot(system.pids());
    const closed = await closedLoop(wholeCase, SECONDS, CONCURRENCY);
    const cpuAfter = cpuSnapshot(system.pids());
    const analysis = ANALYSE ? `\n${await statements?.report(closed.n)}\n\n${await messages?.report(closed.n)}\n` : '';
    const ourPhases = phaseLines(phases);
    const open = ONLY_SYSTEM ? closed : await openLoop(wholeCase, Math.max(0.5, closed.rate / 2), SECONDS);
    for (const c of [window, zrzyDesk, fgwDesk]) c.close();
    await api.close();

    const cpuLines = [...cpuAfter]
      .map(([k, v]) => [k, v - (cpuBefore.get(k) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `  ${k.padEnd(14)}${((v * 1000) / Math.max(1, closed.n)).toFixed(1).padStart(8)} ms${((v / SECONDS) * 100).toFixed(0).padStart(6)} % of a core`);
    const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
    process.stdout.write(`\nwhole-case benchmark — ${SECONDS} s per loop, ${CONCURRENCY} cases at a time, 2 items / 2 departments per case, tasks heard on the push channel\n\n`);
    process.stdout.write(`whole cases/s (closed loop)          ${f(closed.rate).padStart(8)}   (${closed.n} done, ${closed.errors} errors)\n`);
    for (const m of [...closed.failures, ...(ONLY_SYSTEM ? [] : open.failures)]) process.stdout.write(`  failed: ${m}\n`);
    process.stdout.write(`  a case, p50 / p95 / p99 ms         ${f(closed.p50)} / ${f(closed.p95)} / ${f(closed.p99)}\n`);
    if (!ONLY_SYSTEM) process.stdout.write(`at ${f(closed.rate / 2)}/s (half rate), p50 / p95 / p99 ms   ${f(open.p50)} / ${f(open.p95)} / ${f(open.p99)}   (${open.n} done, ${open.errors} errors)\n`);
    process.stdout.write(`\nphases in the closed loop (p50, p99):\n${ourPhases.join('\n')}\n`);
    const cpuTotal = [...cpuAfter].filter(([k]) => k !== 'bench client').reduce((x, [k, v]) => x + (v - (cpuBefore.get(k) ?? 0)), 0);
    process.stdout.write(`\nCPU per whole case in the closed loop (processes on this machine): ${((cpuTotal * 1000) / Math.max(1, closed.n)).toFixed(1)} ms in all\n${cpuLines.join('\n')}\n`);
    process.stdout.write(analysis);
    if (ONLY_SYSTEM) return;

    // the bare baseline and the peer on the same database server, with the machine to itself
    await system.stop();
    await stopCluster();
    process.stdout.write(`\nthe bare baseline (HTTP → NATS request-reply → one row, per call of a case)…\n`);
    const b = await bareRun(infra.databaseUrl, infra.natsUrl);
    process.stdout.write(`the workflow-engine peer (bpmn-engine, one process, state saved at every wait)…\n`);
    const p = await peerRun(infra.databaseUrl);
    process.stdout.write(`\n${''.padEnd(40)}${'system'.padStart(12)}${'bare'.padStart(12)}${'peer'.padStart(12)}${'sys/bare'.padStart(10)}${'sys/peer'.padStart(10)}\n`);
    const r = (n: number) => (Number.isFinite(n) ? n.toFixed(n < 1 ? 2 : 1) : '-');
    const row = (label: string, a: number, bare: number, peer: number) =>
      process.stdout.write(`${label.padEnd(40)}${f(a).padStart(12)}${f(bare).padStart(12)}${f(peer).padStart(12)}${`${r(a / bare)}x`.padStart(10)}${`${r(a / peer)}x`.padStart(10)}\n`);
    const cpu = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
    const ourCpu = [...cpuAfter].filter(([k]) => k !== 'bench client').reduce((x, [k, v]) => x + (v - (cpuBefore.get(k) ?? 0)), 0);
    row('whole cases/s (closed loop)', closed.rate, b.closed.rate, p.closed.rate);
    row('  p99 ms (closed loop)', closed.p99, b.closed.p99, p.closed.p99);
    row('half rate: p50 ms', open.p50, b.open.p50, p.open.p50);
    row('half rate: p99 ms', open.p99, b.open.p99, p.open.p99);
    row('CPU ms per case (all processes)', (ourCpu * 1000) / Math.max(1, closed.n), cpu(b.cpuMs), cpu(p.cpuMs));
    process.stdout.write(`  (bare: ${b.closed.n} done, ${b.closed.errors} errors; peer: ${p.closed.n} done, ${p.closed.errors} errors)\n`);
    process.stdout.write(`\npeer phases (p50, p99):\n${p.phases.join('\n')}\n`);
    const cpuOf = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]).map(([k, v]) => `  ${k.padEnd(14)}${v.toFixed(1).padStart(8)} ms`).join('\n');
    process.stdout.write(`\nbare CPU per whole case:\n${cpuOf(b.cpuMs)}\npeer CPU per whole case:\n${cpuOf(p.cpuMs)}\n`);
    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    process.stdout.write(`\ntargets (issue 15): whole cases/s ≥ 3× the peer's — ${met(closed.rate >= 3 * p.closed.rate)}; p99 ≤ the peer's (closed loop) — ${met(closed.p99 <= p.closed.p99)}\n`);
  } finally {
    await system.stop();
    await stopCluster();
    await infra.stop();
  }
}

await main();
