import path from 'node:path';
import { expect } from '@jest/globals';
import { extractText, getDocumentProxy } from 'unpdf';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { BACKEND_SERVICES, clockSubject, freePort, provisionServiceRoles, RunningSystem, type AppName, type SystemOptions } from '@yichuang/platform';
import { E2E_CLOCK_START, startTestInfra, TEST_PII_ENV, testConfig, testRpcClient, type TestInfra } from '@yichuang/testing';
import { rpc as rpcDef } from '@yichuang/contracts';
import { findPii, maskIdNumber, maskPii } from '@yichuang/domain';

export const DEMO_PASSWORD = 'e2e-demo-password';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface E2E {
  infra: TestInfra;
  serviceDatabaseUrls: Record<string, string>;
  system: RunningSystem;
  logs: { app: AppName; line: string }[];
  /** the supervisor's lines (exits, restarts, giving up), when started with `autoRestart` */
  notices: string[];
  http: Http;
  stop(): Promise<void>;
}

/**
 * Start the compiled apps (dist/, built by `npm test` before Jest) on a fresh database and a private NATS.
 * Every service's clock starts at `E2E_CLOCK_START` (libs/testing/src/time.ts), so that dates are the same on
 * any day the suite runs; `setClock()` moves one service further. `opts.env` adds variables for every app (e.g. the
 * certificate service's EMS adapter pointed at a local stub).
 */
export async function startE2E(opts: { env?: Record<string, string>; appEnv?: SystemOptions['appEnv']; autoRestart?: SystemOptions['autoRestart'] } = {}): Promise<E2E> {
  const infra = await startTestInfra();
  const port = await freePort();
  const logs: { app: AppName; line: string }[] = [];
  const notices: string[] = [];
  const serviceDatabaseUrls = await provisionServiceRoles(infra.databaseUrl, BACKEND_SERVICES);
  const system = new RunningSystem({
    root,
    databaseUrl: infra.databaseUrl,
    serviceDatabaseUrls,
    natsUrl: infra.natsUrl,
    port,
    baseEnv: testConfig.baseEnv,
    env: { DEMO_PASSWORD: DEMO_PASSWORD, ALLOW_DEV_JWT_SECRET: 'true', LOG_LEVEL: 'log', RPC_TIMEOUT_MS: '5000', CLOCK_CONTROL: 'true', CLOCK_START: E2E_CLOCK_START, ...TEST_PII_ENV, ...opts.env },
    ...(opts.appEnv ? { appEnv: opts.appEnv } : {}),
    onLine: (app, line) => logs.push({ app, line }),
    // E2E_CPU_PROF_DIR=dir: a V8 CPU profile of every app, written when it stops (docs/testing.md)
    ...(testConfig.cpuProfileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(testConfig.cpuProfileDir)}`] } : {}),
    // as `npm start` runs it, when asked (healing.e2e.ts); the other suites kill and start apps themselves
    ...(opts.autoRestart ? { autoRestart: opts.autoRestart, onNotice: (_instance: string, message: string) => notices.push(message) } : {}),
  });
  system.startAll();
  try {
    await system.waitHealthy(90_000);
  } catch (err) {
    process.stderr.write(logs.slice(-40).map((l) => `${l.app}: ${l.line}`).join('\n'));
    // a system that does not come up is stopped, so the suite fails instead of waiting on its processes
    await system.stop().catch(() => undefined);
    await infra.stop().catch(() => undefined);
    throw err;
  }
  return {
    infra,
    serviceDatabaseUrls,
    system,
    logs,
    notices,
    http: new Http(system.baseUrl),
    stop: async () => {
      await system.stop();
      await infra.stop();
      // every suite checks its own logs: no personal number may reach a log line unmasked
      const leaks = piiInLogs(logs);
      if (leaks.length) throw new Error(`personal data in ${leaks.length} log line(s) (shown masked):\n${leaks.slice(0, 20).join('\n')}`);
    },
  };
}

/** a signed token (the gateway's access and portal tokens are JWTs: three base64url parts, the first `eyJ`) */
const TOKEN = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;

/**
 * Every log line that carries an unmasked resident ID number, credit code, mobile number or a token, as
 * `app: line` with the line itself masked (the failure message must not leak either).
 */
export function piiInLogs(logs: { app: AppName; line: string }[]): string[] {
  return logs
    .map((l) => ({ l, found: [...findPii(l.line).map((f) => `${f.kind} ${f.masked}`), ...(l.line.match(TOKEN) ?? []).map((t) => `token ${t.slice(0, 6)}…`)] }))
    .filter((x) => x.found.length > 0)
    .map(({ l, found }) => `${l.app}: [${found.join(', ')}] ${maskPii(l.line).replace(TOKEN, 'eyJ…').replace(/[0-9A-HJ-NPQRTUWXY]{18}/g, (c) => maskIdNumber(c)).slice(0, 300)}`);
}

/** Move one service's clock (CLOCK_CONTROL=true in tests); `null` gives it back the real time. */
export async function setClock(e: E2E, service: string, at: string | null): Promise<void> {
  const rpc = testRpcClient(e.infra.natsUrl);
  try {
    await rpc.request(rpcDef<{ now?: string }, { now: string }>(clockSubject(service), null), at ? { now: at } : {});
  } finally {
    await rpc.onApplicationShutdown();
  }
}

/**
 * Times the infrastructure stores and compares only with the database's own now() (outbox relay, inbox
 * retention, idempotency keys, SMS retry scheduling: docs/architecture.md, "Time"); everything else is business
 * time and comes from the services' clocks.
 */
const DATABASE_TIME = new Set([
  'outbox.created_at',
  'outbox.published_at',
  'processed_event.processed_at',
  'dead_letter.parked_at',
  'idempotency_key.created_at',
  'message.next_attempt_at',
  // the certificate service's EMS sweep: when to ask the post again, when to poll, which callback nonces to forget
  'shipment.next_attempt_at',
  'shipment.next_poll_at',
  'webhook_nonce.received_at',
  // not a time something happened: the end of a refresh token's life (its creation + REFRESH_TTL_SECONDS), often tomorrow
  'refresh_token.expires_at',
  // the end of a rating link's life (its creation + RATING_LINK_TTL_HOURS / RATING_INVITATION_TTL_DAYS)
  'rating_link.expires_at',
  // not a time something happened: when a push, a check or a forwarding is tried next (the clock + an order window
  // or a back-off of up to an hour), so a minute before midnight often tomorrow
  'push_outbox.next_attempt_at',
  'push_record.next_attempt_at',
  'project_check.next_attempt_at',
  'inbound_item.next_attempt_at',
]);

/**
 * Every stored business time whose day (in China) is not one of `days` — the days the services' clocks showed —
 * as `schema.table.column: day`: each timestamptz column of the services' tables and each event's `occurredAt`
 * in their outboxes (admin's first-start seed included). `checked` counts the values looked at.
 */
export async function timesOffTheClock(e: E2E, days: string[]): Promise<{ checked: number; off: string[] }> {
  const db = new pg.Client({ connectionString: e.infra.databaseUrl });
  await db.connect();
  try {
    const schemas = [...BACKEND_SERVICES];
    const columns = (
      await db.query<{ schema: string; table: string; column: string }>(
        `SELECT table_schema AS schema, table_name AS table, column_name AS column FROM information_schema.columns
         WHERE table_schema = ANY($1) AND data_type = 'timestamp with time zone' ORDER BY 1, 2, 3`,
        [schemas],
      )
    ).rows.filter((c) => !DATABASE_TIME.has(`${c.table}.${c.column}`));
    const sources = [
      ...columns.map((c) => ({ name: `${c.schema}.${c.table}.${c.column}`, from: `"${c.schema}"."${c.table}"`, time: `"${c.column}"` })),
      ...schemas.map((s) => ({ name: `${s}.outbox.envelope.occurredAt`, from: `"${s}"."outbox"`, time: `(envelope->>'occurredAt')::timestamptz` })),
    ];
    let checked = 0;
    const off: string[] = [];
    for (const src of sources) {
      const rows = (
        await db.query<{ day: string; n: number }>(
          `SELECT to_char(${src.time} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*)::int AS n FROM ${src.from} WHERE ${src.time} IS NOT NULL GROUP BY 1 ORDER BY 1`,
        )
      ).rows;
      for (const r of rows) {
        checked += r.n;
        if (!days.includes(r.day)) off.push(`${src.name}: ${r.day}`);
      }
    }
    return { checked, off };
  } finally {
    await db.end();
  }
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny HTTP client for the gateway, as a hall terminal would use it. */
export class Http {
  constructor(readonly base: string) {}

  async login(username: string, password = DEMO_PASSWORD): Promise<string> {
    const r = await this.post<{ accessToken: string }>('/api/v1/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.accessToken;
  }

  get<T = unknown>(p: string, token?: string): Promise<Answer<T>> {
    return this.call<T>('GET', p, undefined, token);
  }

  post<T = unknown>(p: string, body?: unknown, token?: string, headers: Record<string, string> = {}): Promise<Answer<T>> {
    return this.call<T>('POST', p, body, token, headers);
  }

  put<T = unknown>(p: string, body: unknown, token?: string, headers: Record<string, string> = {}): Promise<Answer<T>> {
    return this.call<T>('PUT', p, body, token, headers);
  }

  async call<T>(method: string, p: string, body?: unknown, token?: string, headers: Record<string, string> = {}): Promise<Answer<T>> {
    const res = await fetch(`${this.base}${p}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
}

/** The text of a PDF answer (checked to be one), as a reader would copy it out. */
export async function pdfText(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/pdf');
  const buf = new Uint8Array(await res.arrayBuffer());
  const { text } = await extractText(await getDocumentProxy(buf), { mergePages: true });
  return text;
}
