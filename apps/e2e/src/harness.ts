import path from 'node:path';
import { expect } from '@jest/globals';
import { extractText, getDocumentProxy } from 'unpdf';
import { fileURLToPath } from 'node:url';
import { BACKEND_SERVICES, clockSubject, freePort, provisionServiceRoles, RunningSystem, type AppName } from '@yichuang/platform';
import { startTestInfra, testConfig, testRpcClient, type TestInfra } from '@yichuang/testing';
import { rpc as rpcDef } from '@yichuang/contracts';

export const DEMO_PASSWORD = 'e2e-demo-password';
/**
 * Every service's clock starts here in the end-to-end tests, so that dates are the same on any day the
 * suite runs (the demo calendar holds 2025–2026 only). `setClock()` moves one service further.
 */
export const E2E_CLOCK_START = '2026-11-26T10:00:00+08:00';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface E2E {
  infra: TestInfra;
  serviceDatabaseUrls: Record<string, string>;
  system: RunningSystem;
  logs: { app: AppName; line: string }[];
  http: Http;
  stop(): Promise<void>;
}

/** Start the compiled apps (dist/, built by `npm test` before Jest) on a fresh database and a private NATS. */
export async function startE2E(): Promise<E2E> {
  const infra = await startTestInfra();
  const port = await freePort();
  const logs: { app: AppName; line: string }[] = [];
  const serviceDatabaseUrls = await provisionServiceRoles(infra.databaseUrl, BACKEND_SERVICES);
  const system = new RunningSystem({
    root,
    databaseUrl: infra.databaseUrl,
    serviceDatabaseUrls,
    natsUrl: infra.natsUrl,
    port,
    baseEnv: testConfig.baseEnv,
    env: { DEMO_PASSWORD: DEMO_PASSWORD, LOG_LEVEL: 'log', RPC_TIMEOUT_MS: '5000', CLOCK_CONTROL: 'true', CLOCK_START: E2E_CLOCK_START },
    onLine: (app, line) => logs.push({ app, line }),
  });
  system.startAll();
  try {
    await system.waitHealthy(90_000);
  } catch (err) {
    process.stderr.write(logs.slice(-40).map((l) => `${l.app}: ${l.line}`).join('\n'));
    throw err;
  }
  return {
    infra,
    serviceDatabaseUrls,
    system,
    logs,
    http: new Http(system.baseUrl),
    stop: async () => {
      await system.stop();
      await infra.stop();
    },
  };
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
