/**
 * What the benchmarks under tools/bench share: closed and open loops over an operation, percentiles, and the CPU
 * each process of the system used (from /proc, so PostgreSQL and nats-server count too).
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_APPS, BACKEND_SERVICES, freePort, provisionServiceRoles, RunningSystem, startNatsCluster, type AppName, type InstanceName } from '@yichuang/platform/dev';
import { natsConfPasswords, startTestInfra, testConfig, type TestInfra } from '@yichuang/testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const PASSWORD = 'bench-password';

export interface BenchSystemOptions {
  /** a V8 CPU profile of every service written there */
  profileDir?: string;
  /** on an embedded PostgreSQL of its own started with these settings */
  embeddedSettings?: Record<string, string>;
  /** instances of each service and of the gateway (statistics: one), default 1 */
  replicas?: number;
  /** on a loopback three-node NATS cluster (deploy/nats/cluster.conf, the stream at R3) instead of one server */
  cluster?: boolean;
}

/**
 * The whole system as `npm start` runs it (every app a process of its own, the built bundles), on a fresh database
 * and a private NATS (or NATS cluster); `bases`: every gateway's URL.
 */
export async function startBenchSystem(o: BenchSystemOptions = {}): Promise<{ infra: TestInfra; system: RunningSystem; base: string; bases: string[]; stopCluster: () => Promise<void> }> {
  const replicas = o.replicas ?? 1;
  process.stdout.write(`starting the system (fresh database, ${o.cluster ? 'a NATS cluster of three' : 'private NATS'}, ${replicas} instance(s) of each app)…\n`);
  const infra = await startTestInfra(o.embeddedSettings ? { embeddedSettings: o.embeddedSettings } : {});
  const natsDir = path.join(root, 'deploy', 'nats');
  const cluster = o.cluster ? await startNatsCluster(natsDir, natsConfPasswords(fs.readFileSync(path.join(natsDir, 'nats-server.conf'), 'utf8'))) : undefined;
  const ports: number[] = [];
  for (let k = 0; k < replicas; k++) ports.push(await freePort());
  const system = new RunningSystem({
    root,
    databaseUrl: infra.databaseUrl,
    serviceDatabaseUrls: await provisionServiceRoles(infra.databaseUrl, BACKEND_SERVICES),
    natsUrl: cluster?.url ?? infra.natsUrl,
    port: ports[0] as number,
    baseEnv: testConfig.baseEnv,
    env: {
      DEMO_PASSWORD: PASSWORD,
      LOG_LEVEL: 'warn',
      // the database server allows ≈ 100 connections: with more instances, smaller pools (production puts PgBouncer in
      // front: deploy/k8s's Pooler)
      DB_POOL_SIZE: String(replicas === 1 ? 20 : Math.max(3, Math.floor(90 / (BACKEND_SERVICES.length * replicas)))),
      // a secret of this run (the gateway refuses the repository's default)
      JWT_SECRET: `${randomUUID()}${randomUUID()}`,
      ...(cluster ? { EVENTS_STREAM_REPLICAS: '3' } : {}),
    },
    ...(o.profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(o.profileDir)}`] } : {}),
  });
  // on the cluster each app is its NATS user of deploy/nats (natsConfPasswords: pw-<user>)
  const creds = (app: AppName): Record<string, string> => (cluster ? { NATS_USER: app, NATS_PASSWORD: `pw-${app}` } : {});
  const stopAll = async () => {
    await system.stop();
    await cluster?.stop();
    await infra.stop();
  };
  for (const app of ALL_APPS) system.start(app, creds(app));
  try {
    await system.waitHealthy(90_000);
    for (let k = 2; k <= replicas; k++) {
      for (const app of ALL_APPS) {
        if (app !== 'statistics') system.start(`${app}#${k}` as InstanceName, { ...creds(app), ...(app === 'gateway' ? { PORT: String(ports[k - 1]) } : {}) });
      }
    }
    if (replicas > 1) await new Promise((r) => setTimeout(r, 8000));
  } catch (err) {
    await stopAll();
    throw err;
  }
  return { infra, system, base: system.baseUrl, bases: ports.map((p) => `http://127.0.0.1:${p}`), stopCluster: async () => cluster?.stop() };
}

/** a demo account's access token */
export async function benchLogin(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!r.ok) throw new Error(`login ${username}: ${r.status}`);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

export function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export interface Result {
  rate: number;
  n: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  /** what went wrong, the first few different messages */
  failures: string[];
}

/** Closed loop: `concurrency` workers as fast as they can for `seconds`. */
function noteFailure(failures: string[], err: unknown): void {
  const m = String((err as Error)?.message ?? err).slice(0, 200);
  if (failures.length < 5 && !failures.includes(m)) failures.push(m);
}

export async function closedLoop(op: () => Promise<void>, seconds: number, concurrency: number): Promise<Result> {
  const lat: number[] = [];
  const failures: string[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const s = performance.now();
        try {
          await op();
          lat.push(performance.now() - s);
        } catch (err) {
          errors++;
          noteFailure(failures, err);
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { rate: lat.length / elapsed, n: lat.length, errors, p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), failures };
}

/** Open loop: start one operation every 1/rate seconds for `seconds`, whatever the previous ones do. */
export async function openLoop(op: () => Promise<void>, rate: number, seconds: number): Promise<Result> {
  const lat: number[] = [];
  const failures: string[] = [];
  let errors = 0;
  const total = Math.max(1, Math.floor(rate * seconds));
  const interval = 1000 / rate;
  const t0 = performance.now();
  const running: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    running.push(
      (async () => {
        const s = performance.now();
        try {
          await op();
          lat.push(performance.now() - s);
        } catch (err) {
          errors++;
          noteFailure(failures, err);
        }
      })(),
    );
  }
  await Promise.all(running);
  lat.sort((a, b) => a - b);
  return { rate: lat.length / ((performance.now() - t0) / 1000), n: lat.length, errors, p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), failures };
}

/** CPU seconds (user + system) used so far by each process of interest: the apps, PostgreSQL, nats-server. */
export function cpuSnapshot(apps: Map<string, number>): Map<string, number> {
  const tick = 100; // USER_HZ on Linux
  const out = new Map<string, number>();
  const add = (k: string, v: number) => out.set(k, (out.get(k) ?? 0) + v);
  const byPid = new Map([...apps].map(([name, pid]) => [pid, name]));
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpu = (Number(f[11]) + Number(f[12])) / tick;
    const app = byPid.get(Number(d));
    if (app) add(app, cpu);
    else if (comm === 'postgres') add('postgresql', cpu);
    else if (comm === 'nats-server') add('nats-server', cpu);
    else if (Number(d) === process.pid) add('bench client', cpu);
  }
  return out;
}

/**
 * Resident memory of each app process, in MB: RSS (what `ps` says; it counts the node binary's shared pages in every
 * process) and PSS (shared pages divided among the processes sharing them: the memory the system really uses).
 */
export function memorySnapshot(apps: Map<string, number>): Map<string, { rss: number; pss: number }> {
  const out = new Map<string, { rss: number; pss: number }>();
  for (const [name, pid] of apps) {
    try {
      const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0);
      out.set(name, { rss: kb('Rss') / 1024, pss: kb('Pss') / 1024 });
    } catch {
      // gone
    }
  }
  return out;
}
