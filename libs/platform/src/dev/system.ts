/**
 * Runs the whole system as separate processes (the compiled apps in dist/): used by `npm start` and by
 * the end-to-end tests, so both exercise exactly what is deployed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export const BACKEND_SERVICES = ['admin', 'intake', 'review', 'certificate', 'notification', 'evaluation'] as const;
export const ALL_APPS = [...BACKEND_SERVICES, 'gateway'] as const;
export type AppName = (typeof ALL_APPS)[number];

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
  /** extra Node.js flags for every app (e.g. `--cpu-prof`, which NODE_OPTIONS does not accept) */
  nodeArgs?: string[];
  /** called with each output line of each app */
  onLine?: (app: AppName, line: string) => void;
}

/** An app, or a further instance of it (`review#2`). */
export type InstanceName = AppName | `${AppName}#${number}`;

export class RunningSystem {
  private readonly procs = new Map<InstanceName, ChildProcess>();
  private readonly exits = new Map<InstanceName, Promise<void>>();

  constructor(private readonly o: SystemOptions) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.o.port}`;
  }

  startAll(): void {
    for (const app of ALL_APPS) this.start(app);
  }

  start(instance: InstanceName, extraEnv: Record<string, string> = {}): void {
    if (this.isRunning(instance)) throw new Error(`${instance} is already running`);
    const app = instance.split('#')[0] as AppName;
    const main = path.join(this.o.root, 'dist', 'apps', app, 'src', 'main.js');
    const child = spawn(process.execPath, ['--enable-source-maps', ...(this.o.nodeArgs ?? []), main], {
      cwd: this.o.root,
      env: {
        ...this.o.baseEnv,
        NODE_ENV: 'development',
        DATABASE_URL: this.o.serviceDatabaseUrls?.[app] ?? this.o.databaseUrl,
        NATS_URL: this.o.natsUrl,
        PORT: String(this.o.port),
        // the QR codes on the documents point to this gateway's public verification
        VERIFY_URL_BASE: `http://127.0.0.1:${this.o.port}/api/v1/verify`,
        DEMO_DATA: 'true',
        ...this.o.env,
        INSTANCE_ID: instance.replace('#', '-'),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      readline.createInterface({ input: stream }).on('line', (line) => this.o.onLine?.(app, line));
    }
    this.procs.set(instance, child);
    this.exits.set(instance, new Promise((resolve) => child.once('exit', () => resolve())));
  }

  /** Kill one app with a signal and wait until it is gone. */
  async kill(instance: InstanceName, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
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
        if (child.exitCode !== null && child.exitCode !== 0) throw new Error(`${name} exited with code ${child.exitCode}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`system not healthy within ${timeoutMs} ms: ${last}`);
  }
}
