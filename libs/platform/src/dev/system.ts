/**
 * Runs the whole system as separate processes (the compiled apps in dist/): used by `npm start` and by
 * the end-to-end tests, so both exercise exactly what is deployed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { decideRestart, DEFAULT_RESTART_POLICY, formatDuration, type RestartPolicy } from './restart-policy.js';

export const BACKEND_SERVICES = ['admin', 'intake', 'review', 'certificate', 'notification', 'evaluation', 'statistics', 'exchange'] as const;
export const ALL_APPS = [...BACKEND_SERVICES, 'gateway'] as const;
export type AppName = (typeof ALL_APPS)[number];

/**
 * The file an app runs from: its one-file bundle (`main.bundle.mjs`, written by tools/build.mjs; loads in less than
 * half the time of the ~2,000 files it is made of), or the compiled `main.js` where no bundle was built.
 */
export function appEntry(root: string, app: AppName): string {
  const bundle = path.join(root, 'dist', 'apps', app, 'src', 'main.bundle.mjs');
  return existsSync(bundle) ? bundle : path.join(root, 'dist', 'apps', app, 'src', 'main.js');
}

export interface SystemOptions {
  root: string;
  databaseUrl: string;
  natsUrl: string;
  port: number;
  /** per-service database URLs (own role each, see provisionServiceRoles); default: databaseUrl for all */
  serviceDatabaseUrls?: Record<string, string>;
  /** the environment every app inherits (PATH, HOME …), taken by the caller from its own config */
  baseEnv?: Record<string, string>;
  env?: Record<string, string>;
  /** variables for one app's instances only (e.g. each its own HEALTH_PORT) */
  appEnv?: Partial<Record<AppName, Record<string, string>>>;
  /** extra Node.js flags for every app (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept) */
  nodeArgs?: string[];
  /** called with each output line of each app */
  onLine?: (app: AppName, line: string) => void;
  /**
   * Restart an app that exits without being asked to (a crash, `kill -9` from outside), with backoff, and give
   * up after repeated crashes (see RestartPolicy). Off by default: tests that kill apps on purpose do it
   * through `kill()`, which never triggers a restart anyway.
   */
  autoRestart?: boolean | Partial<RestartPolicy>;
  /** the supervisor's own lines (exits, restarts, giving up); `error` for giving up */
  onNotice?: (instance: InstanceName, message: string, level: 'warn' | 'error') => void;
}

/** What the supervisor knows of one instance. */
export interface InstanceState {
  running: boolean;
  pid?: number;
  /** when it went down unexpectedly (ISO), while it is down */
  downSince?: string;
  /** automatic restarts so far */
  restarts: number;
  /** true once the supervisor gave up on it */
  gaveUp: boolean;
  /** a restart is scheduled (backoff) */
  restartPending: boolean;
}

/** An app, or a further instance of it (`review#2`). */
export type InstanceName = AppName | `${AppName}#${number}`;

export class RunningSystem {
  private readonly procs = new Map<InstanceName, ChildProcess>();
  private readonly exits = new Map<InstanceName, Promise<void>>();
  /** instances stopped on purpose (kill(), stop()): their exit is not a crash */
  private readonly onPurpose = new Set<InstanceName>();
  private readonly extraEnvs = new Map<InstanceName, Record<string, string>>();
  private readonly startedAt = new Map<InstanceName, number>();
  private readonly crashes = new Map<InstanceName, number[]>();
  private readonly restartTimers = new Map<InstanceName, NodeJS.Timeout>();
  private readonly downSince = new Map<InstanceName, string>();
  private readonly restarts = new Map<InstanceName, number>();
  private readonly gaveUp = new Set<InstanceName>();
  private readonly lastLines = new Map<InstanceName, string[]>();
  private readonly policy: RestartPolicy | null;
  private stopping = false;

  constructor(private readonly o: SystemOptions) {
    this.policy = o.autoRestart ? { ...DEFAULT_RESTART_POLICY, ...(typeof o.autoRestart === 'object' ? o.autoRestart : {}) } : null;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.o.port}`;
  }

  startAll(): void {
    for (const app of ALL_APPS) this.start(app);
  }

  start(instance: InstanceName, extraEnv: Record<string, string> = {}): void {
    if (this.isRunning(instance)) throw new Error(`${instance} is already running`);
    this.stopping = false;
    this.onPurpose.delete(instance);
    this.gaveUp.delete(instance);
    this.cancelRestart(instance);
    this.extraEnvs.set(instance, extraEnv);
    const app = instance.split('#')[0] as AppName;
    const main = appEntry(this.o.root, app);
    // a bundle's source map covers node_modules too (tens of MB to parse at every start): its stack traces keep the
    // function and class names (keepNames) and map to TypeScript when run with NODE_OPTIONS=--enable-source-maps
    const sourceMaps = main.endsWith('.bundle.mjs') ? [] : ['--enable-source-maps'];
    const child = spawn(process.execPath, [...sourceMaps, ...(this.o.nodeArgs ?? []), main], {
      cwd: this.o.root,
      env: {
        // glibc's malloc keeps an arena per thread (Node runs a dozen): two arenas cost no measurable speed here and
        // take ≈ 10 MB off each idle process (issue 15, idle memory; the same in deploy/)
        MALLOC_ARENA_MAX: '2',
        ...this.o.baseEnv,
        NODE_ENV: 'development',
        DATABASE_URL: this.o.serviceDatabaseUrls?.[app] ?? this.o.databaseUrl,
        NATS_URL: this.o.natsUrl,
        PORT: String(this.o.port),
        // the QR codes on the documents point to this gateway's public verification
        VERIFY_URL_BASE: `http://127.0.0.1:${this.o.port}/api/v1/verify`,
        DEMO_DATA: 'true',
        ...this.o.env,
        ...this.o.appEnv?.[app],
        INSTANCE_ID: instance.replace('#', '-'),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => {
        const last = this.lastLines.get(instance) ?? [];
        last.push(line);
        if (last.length > 10) last.shift();
        this.lastLines.set(instance, last);
        this.o.onLine?.(app, line);
      });
    }
    this.procs.set(instance, child);
    this.startedAt.set(instance, performance.now());
    this.exits.set(
      instance,
      new Promise((resolve) =>
        child.once('exit', (code, signal) => {
          resolve();
          if (this.procs.get(instance) === child) this.exited(instance, code, signal);
        }),
      ),
    );
  }

  /** The supervisor: an exit nobody asked for is a crash; restart with backoff, or give up loudly. */
  private exited(instance: InstanceName, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.stopping || this.onPurpose.has(instance)) return;
    if (!this.downSince.has(instance)) this.downSince.set(instance, wallClockNow());
    const how = signal ? `signal ${signal}` : `code ${code}`;
    if (!this.policy) {
      this.o.onNotice?.(instance, `${instance} exited (${how}); not restarted (automatic restart is off)`, 'warn');
      return;
    }
    const now = performance.now();
    const d = decideRestart(this.policy, this.crashes.get(instance) ?? [], this.startedAt.get(instance) ?? now, now);
    this.crashes.set(instance, d.crashes);
    if (d.action === 'give-up') {
      this.gaveUp.add(instance);
      const last = (this.lastLines.get(instance) ?? []).map((l) => `    ${l}`).join('\n');
      this.o.onNotice?.(
        instance,
        `${instance} exited (${how}) ${d.crashes.length} times within ${formatDuration(this.policy.windowMs)}; GIVING UP, it stays down ` +
          `(down since ${this.downSince.get(instance)}). The other services keep running. Its last output:\n${last || '    (none)'}`,
        'error',
      );
      return;
    }
    this.o.onNotice?.(
      instance,
      `${instance} exited (${how}); restarting in ${formatDuration(d.delayMs)} (restart ${d.restart} of ${this.policy.maxRestarts} within ${formatDuration(this.policy.windowMs)})`,
      'warn',
    );
    const timer = setTimeout(() => {
      this.restartTimers.delete(instance);
      if (this.stopping || this.onPurpose.has(instance) || this.isRunning(instance)) return;
      this.restarts.set(instance, (this.restarts.get(instance) ?? 0) + 1);
      const since = this.downSince.get(instance);
      this.start(instance, this.extraEnvs.get(instance) ?? {});
      // up again as a process; still `down` until its health answers, but no longer since then for us
      this.downSince.delete(instance);
      this.o.onNotice?.(instance, `${instance} restarted (pid ${this.procs.get(instance)?.pid}; it was down since ${since})`, 'warn');
    }, d.delayMs);
    this.restartTimers.set(instance, timer);
  }

  private cancelRestart(instance: InstanceName): void {
    const t = this.restartTimers.get(instance);
    if (t) clearTimeout(t);
    this.restartTimers.delete(instance);
  }

  /** Each instance's state as the supervisor sees it: running, pid, down since when, restarts, given up. */
  states(): Record<string, InstanceState> {
    const out: Record<string, InstanceState> = {};
    for (const [name, child] of this.procs) {
      const running = this.isRunning(name);
      const since = this.downSince.get(name);
      out[name] = {
        running,
        ...(running && child.pid !== undefined ? { pid: child.pid } : {}),
        ...(!running && since ? { downSince: since } : {}),
        restarts: this.restarts.get(name) ?? 0,
        gaveUp: this.gaveUp.has(name),
        restartPending: this.restartTimers.has(name),
      };
    }
    return out;
  }

  /** Kill one app with a signal and wait until it is gone. */
  async kill(instance: InstanceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    this.onPurpose.add(instance);
    this.cancelRestart(instance);
    const child = this.procs.get(instance);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    await this.exits.get(instance);
  }

  /** The process id of each running instance (for benchmarks that read its CPU time). */
  pids(): Map<InstanceName, number> {
    return new Map([...this.procs].filter(([, c]) => c.pid !== undefined && c.exitCode === null).map(([k, c]) => [k, c.pid as number]));
  }

  isRunning(instance: InstanceName): boolean {
    const child = this.procs.get(instance);
    return !!child && child.exitCode === null && child.signalCode === null;
  }

  /** Stop everything gracefully (SIGTERM), forcing after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopping = true;
    for (const name of [...this.restartTimers.keys()]) this.cancelRestart(name);
    await Promise.all(
      [...this.procs.keys()].map(async (app) => {
        const child = this.procs.get(app);
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await this.exits.get(app);
        clearTimeout(timer);
      }),
    );
  }

  /** Wait until GET /api/health answers 200 (every service up). */
  async waitHealthy(timeoutMs = 60_000): Promise<Record<string, string>> {
    const deadline = performance.now() + timeoutMs;
    let last = 'no answer';
    while (performance.now() < deadline) {
      try {
        const res = await fetch(`${this.baseUrl}/api/health`);
        const body = (await res.json()) as { services: Record<string, string> };
        if (res.status === 200) return body.services;
        last = JSON.stringify(body.services);
      } catch (err) {
        last = (err as Error).message;
      }
      for (const [name, child] of this.procs) {
        // under automatic restart, only an app given up on fails the wait
        if (this.policy && !this.gaveUp.has(name)) continue;
        if (child.exitCode !== null && child.exitCode !== 0) throw new Error(`${name} exited with code ${child.exitCode}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`system not healthy within ${timeoutMs} ms: ${last}`);
  }
}

/** The machine's time, for the supervisor's `down since` (infrastructure, not business time). */
function wallClockNow(): string {
  return new Date(performance.timeOrigin + performance.now()).toISOString();
}
