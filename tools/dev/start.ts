/**
 * `npm start`: the whole system on one machine.
 * - PostgreSQL: DATABASE_URL, or an embedded real PostgreSQL (data in .data/postgres, a free port).
 * - NATS: NATS_URL, else nats://127.0.0.1:4222 if something answers there, else `nats-server -js` from the
 *   PATH (store in .data/nats), else a message saying how to install one.
 * Then every service and the gateway, each its own process; Ctrl-C stops everything cleanly.
 * A service that exits on its own (a crash, `kill -9`) is restarted with backoff (1 s, 2 s, 4 s …), and left
 * down with a loud line and its last output after 5 crashes within 10 minutes; the others keep running.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  canConnect,
  NATS_INSTALL_HINT,
  RunningSystem,
  startEmbeddedPostgres,
  startNatsServer,
  findNatsServer,
  provisionServiceRoles,
  BACKEND_SERVICES,
  FieldCipher,
  type AppName,
} from '@yichuang/platform/dev';
import { startConfig } from './config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const started = performance.now();
const { port, demoPassword, verbose } = startConfig;
const stops: (() => Promise<void>)[] = [];

function say(msg: string): void {
  process.stdout.write(`[start] ${msg}\n`);
}

/** The supervisor's lines: restarts in yellow, giving up in red (on a terminal), on stderr for giving up. */
function notice(_instance: string, message: string, level: 'warn' | 'error'): void {
  const tty = level === 'error' ? process.stderr.isTTY : process.stdout.isTTY;
  const color = level === 'error' ? '\x1b[1;31m' : '\x1b[33m';
  const text = `[start] ${message}`;
  (level === 'error' ? process.stderr : process.stdout).write(`${tty ? `${color}${text}\x1b[0m` : text}\n`);
}

async function database(): Promise<string> {
  if (startConfig.databaseUrl) {
    say(`PostgreSQL: DATABASE_URL`);
    return startConfig.databaseUrl;
  }
  say('PostgreSQL: no DATABASE_URL, starting an embedded PostgreSQL (data in .data/postgres)');
  const pg = await startEmbeddedPostgres(path.join(root, '.data', 'postgres'));
  // for `npm run admin:create` while this runs (owner-only: it carries the password)
  const urlFile = path.join(root, '.data', 'database-url');
  await writeFile(urlFile, `${pg.url}\n`, { mode: 0o600 });
  stops.push(() => rm(urlFile, { force: true }));
  stops.push(pg.stop);
  say(`PostgreSQL: ${pg.url.replace(/:[^:@/]+@/, ':***@')}`);
  return pg.url;
}

async function nats(): Promise<string> {
  if (startConfig.natsUrl) {
    say(`NATS: NATS_URL`);
    return startConfig.natsUrl;
  }
  if (await canConnect('127.0.0.1', 4222)) {
    say('NATS: using the server answering on nats://127.0.0.1:4222 (it must have JetStream enabled)');
    return 'nats://127.0.0.1:4222';
  }
  if (!findNatsServer()) {
    process.stderr.write(`\n${NATS_INSTALL_HINT}\n\n`);
    throw new Error('no NATS');
  }
  say('NATS: nothing on 127.0.0.1:4222, starting nats-server -js (store in .data/nats)');
  const server = await startNatsServer(path.join(root, '.data', 'nats'));
  stops.push(server.stop);
  return server.url;
}

/**
 * The gateway's JWT secret: JWT_SECRET, else a random one generated on the first run and kept in .data/jwt-secret
 * (outside git, readable by its owner only), so that tokens survive a restart and no deployment signs with the
 * repository's default. Never printed.
 */
async function jwtSecret(): Promise<string> {
  if (startConfig.jwtSecret) {
    say('JWT secret: JWT_SECRET');
    return startConfig.jwtSecret;
  }
  const file = path.join(root, '.data', 'jwt-secret');
  const existing = await readFile(file, 'utf8').catch(() => '');
  if (existing.trim().length >= 32) {
    say('JWT secret: .data/jwt-secret');
    return existing.trim();
  }
  await mkdir(path.dirname(file), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  say('JWT secret: generated a random one in .data/jwt-secret (delete it to sign every token out)');
  return secret;
}

/**
 * The key set that seals personal identity numbers at rest (PII_KEYS, PII_KEY_ID, PII_HMAC_KEY): from the
 * environment, else generated on the first run and kept in .data/pii-keys (outside git, readable by its owner only,
 * one `NAME=value` a line). Losing it loses every sealed number of the local database: back it up with the data.
 * To rotate, add a key to PII_KEYS in the file and make it PII_KEY_ID (docs/architecture.md). Never printed.
 */
async function piiKeys(): Promise<Record<string, string>> {
  if (startConfig.piiKeys) {
    say('PII keys: PII_KEYS, PII_HMAC_KEY');
    return startConfig.piiKeys;
  }
  const file = path.join(root, '.data', 'pii-keys');
  const existing = Object.fromEntries(
    (await readFile(file, 'utf8').catch(() => ''))
      .split('\n')
      .map((l) => /^(PII_KEYS|PII_KEY_ID|PII_HMAC_KEY)=(.+)$/.exec(l.trim()))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] as string, m[2] as string]),
  );
  if (existing['PII_KEYS'] && existing['PII_HMAC_KEY']) {
    say('PII keys: .data/pii-keys');
    return existing;
  }
  await mkdir(path.dirname(file), { recursive: true });
  const k = FieldCipher.generateText('k1');
  const keys = { PII_KEYS: k.keys, PII_KEY_ID: k.currentKeyId, PII_HMAC_KEY: k.hmacKey };
  await writeFile(file, `${Object.entries(keys).map(([n, v]) => `${n}=${v}`).join('\n')}\n`, { mode: 0o600 });
  say('PII keys: generated a key set in .data/pii-keys (keep it with the data: the ID numbers stored are sealed with it)');
  return keys;
}

const LEVELS: Record<string, string> = { fatal: 'FATAL', error: 'ERROR', warn: 'WARN', log: 'info', debug: 'debug', verbose: 'verbose' };

function printLine(app: AppName, line: string): void {
  try {
    const o = JSON.parse(line) as { level?: string; message?: unknown; context?: string; correlationId?: string };
    if (!verbose && (o.context === 'InstanceLoader' || o.context === 'RoutesResolver' || o.context === 'RouterExplorer')) return;
    const msg = typeof o.message === 'string' ? o.message : JSON.stringify(o.message);
    process.stdout.write(`${app.padEnd(12)} ${(LEVELS[o.level ?? 'log'] ?? o.level ?? '').padEnd(5)} ${o.context ? `[${o.context}] ` : ''}${msg}\n`);
  } catch {
    process.stdout.write(`${app.padEnd(12)} ${line}\n`);
  }
}

let system: RunningSystem | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  say('stopping…');
  await system?.stop();
  for (const s of stops.reverse()) await s().catch(() => undefined);
  say('stopped');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const [databaseUrl, natsUrl, secret, pii] = await Promise.all([database(), nats(), jwtSecret(), piiKeys()]);
  // each service connects as its own role, which can reach only its own schema
  const serviceDatabaseUrls = await provisionServiceRoles(databaseUrl, BACKEND_SERVICES).catch((err: Error) => {
    say(`PostgreSQL: cannot create one role per service (${err.message}); every service uses DATABASE_URL's role`);
    return undefined;
  });
  system = new RunningSystem({
    root,
    databaseUrl,
    ...(serviceDatabaseUrls ? { serviceDatabaseUrls } : {}),
    natsUrl,
    port,
    baseEnv: startConfig.baseEnv,
    env: { DEMO_DATA: String(startConfig.demoData), DEMO_PASSWORD: demoPassword, LOG_LEVEL: startConfig.logLevel, HOST: startConfig.host, JWT_SECRET: secret, ...pii },
    onLine: printLine,
    autoRestart: true,
    onNotice: notice,
  });
  system.startAll();
  const services = await system.waitHealthy(90_000);
  const base = `http://127.0.0.1:${port}`;
  say(`all up in ${((performance.now() - started) / 1000).toFixed(1)} s: ${Object.entries(services).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  process.stdout.write(
    [
      '',
      existsSync(path.join(root, 'dist', 'console', 'index.html'))
        ? `  Console        ${base}/   (hall display board: ${base}/board)`
        : `  Console        not built (npm run build builds it into dist/console)`,
      `  Gateway        ${base}/api/v1`,
      `  API docs       ${base}/api/docs   (OpenAPI JSON: ${base}/api/docs-json)`,
      `  Health         ${base}/api/health`,
      ...(startConfig.demoData
        ? [
            `  Demo accounts  clerk1, consult1, fgw1, zrzy1, zjj1, sthj1, rfb1, supervisor1, admin`,
            `  Demo password  ${demoPassword}${startConfig.demoPasswordIsDefault ? '   (set DEMO_PASSWORD to change it)' : ''}`,
          ]
        : [
            `  No demo data   (DEMO_DATA=false): an empty hall, set up through the admin API`,
            `  First admin    npm run admin:create -- --username <name>   (in another terminal, while this runs)`,
          ]),
      '',
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
} catch (err) {
  process.stderr.write(`[start] failed: ${(err as Error).message}\n`);
  await shutdown(1);
}
