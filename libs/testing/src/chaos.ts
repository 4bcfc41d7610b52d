/**
 * Chaos on one machine (issue 16): a three-node NATS cluster on loopback (deploy/nats/cluster.conf, the events stream
 * at R3), every service twice (statistics once) and two gateways, under `npm start`'s supervisor (a killed instance
 * comes back); whole cases driven through the API at a steady rate — ticket-less hall application → acceptance →
 * both departments decide → certificates handed over → rating — while instances of the services are SIGKILLed at
 * random (three faults in four), one NATS node at a time is SIGKILLed and restarted (the fourth), and PostgreSQL is
 * SIGKILLed once and started again (the run's own embedded server; or, `databaseFault: 'outage'`, every connection of
 * the run's database on the machine's server cut and new ones refused for 3 s). Then, through the API,
 * every application the hall was told was accepted must have reached its end once: exactly one task per department,
 * two certificates with their own numbers, both handed over, one rating, no SMS twice. The report lists every fault
 * with the time until the system was steady again (every service healthy, a case readable), and says ok or not.
 *
 * Clients behave as the terminals do: a call that fails for want of an answer (connection refused, 5xx, timeout) is
 * tried again on the other gateway, with the same Idempotency-Key where it creates something.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BACKEND_SERVICES, freePort, provisionServiceRoles, RunningSystem, startNatsCluster, type AppName, type InstanceName } from '@yichuang/platform/dev';
import { makeCreditCode } from '@yichuang/domain';
import { testConfig } from './config.js';
import { natsConfPasswords, startTestInfra } from './infra.js';
import { E2E_CLOCK_START } from './time.js';
import { TEST_PII_ENV } from './pii.js';
import { aResidentId } from './fixtures.js';

export interface ChaosOptions {
  /** the repository (dist/ built) */
  root: string;
  /** how long cases are started */
  seconds: number;
  /** whole cases started per second */
  rate: number;
  /** a fault every this many seconds (0: none — the replicas alone) */
  faultEverySeconds: number;
  /** take PostgreSQL away once, in the middle */
  databaseOutage?: boolean;
  /**
   * how: `crash` — the run's own embedded PostgreSQL SIGKILLed and started again (crash recovery); `outage` — on the
   * machine's server, every connection of the run's database cut and new ones refused for 3 s (default `crash`)
   */
  databaseFault?: 'crash' | 'outage';
  /** instances of each service and of the gateway (statistics: always one); default 2 */
  replicas?: number;
  /** a random seed (the same faults in the same order) */
  seed?: number;
  log?: (line: string) => void;
}

export interface ChaosFault {
  at: number;
  kind: 'service' | 'nats' | 'database';
  target: string;
  /** ms from the fault until every service was healthy again and a case could be read */
  steadyMs: number;
}

export interface ChaosReport {
  ok: boolean;
  started: number;
  acknowledged: number;
  completed: number;
  /** what is wrong, one line each (empty when ok) */
  problems: string[];
  faults: ChaosFault[];
  seconds: number;
}

const PASSWORD = 'chaos-password';
const ITEMS = ['ZRZY-001', 'FGW-002'];

/** a small deterministic generator (mulberry32), so that a run can be repeated */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Api {
  private turn = 0;
  constructor(private readonly bases: string[]) {}

  /**
   * One call, tried again (on the other gateway) while there is no answer worth having: no connection, a 5xx, a
   * timeout; at most `patienceMs`. Answers with the status and body of the first real answer.
   */
  async call<T>(method: 'GET' | 'POST', p: string, token: string, body?: unknown, idempotencyKey?: string, patienceMs = 120_000): Promise<{ status: number; body: T }> {
    const deadline = performance.now() + patienceMs;
    let last = '';
    for (let attempt = 0; performance.now() < deadline; attempt++) {
      const base = this.bases[this.turn++ % this.bases.length] as string;
      try {
        const r = await fetch(`${base}${p}`, {
          method,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await r.text();
        if (r.status < 500) return { status: r.status, body: (text ? JSON.parse(text) : undefined) as T };
        last = `${r.status} ${text.slice(0, 200)}`;
      } catch (err) {
        last = (err as Error).message;
      }
      await sleep(Math.min(2000, 100 * 2 ** Math.min(attempt, 5)));
    }
    throw new Error(`${method} ${p}: no answer within ${patienceMs} ms (${last})`);
  }

  /**
   * A call a service may not be ready for yet — it has not heard of the case (`NOT_FOUND`, `CONFLICT` "retry in a
   * moment") while its consumer catches up after a fault — asked again, as the clerk would, for up to `patienceMs`.
   */
  async settled<T>(method: 'POST', p: string, token: string, body: unknown, idempotencyKey?: string, patienceMs = 120_000): Promise<{ status: number; body: T }> {
    const deadline = performance.now() + patienceMs;
    for (;;) {
      const r = await this.call<T & { error?: { code: string } }>(method, p, token, body, idempotencyKey);
      const code = r.body?.error?.code;
      if (!(code === 'NOT_FOUND' || code === 'CONFLICT' || code === 'INVALID_STATE') || performance.now() > deadline) return r;
      await sleep(1000);
    }
  }

  async ok<T>(method: 'GET' | 'POST', p: string, token: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const r = await this.call<T>(method, p, token, body, idempotencyKey);
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body;
  }

  /** poll until `f` gives a value (the answers of a moving system), at most `ms` */
  async until<T>(what: string, f: () => Promise<T | undefined>, ms = 180_000): Promise<T> {
    const deadline = performance.now() + ms;
    for (;;) {
      const v = await f();
      if (v !== undefined) return v;
      if (performance.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
      await sleep(300);
    }
  }
}

interface Task {
  id: string;
  status: string;
  departmentCode?: string;
}
interface Certificate {
  id: string;
  no: string;
  status: string;
}

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => undefined);
  const rnd = random(o.seed ?? Math.floor(Math.random() * 2 ** 32));
  const started = performance.now();
  const natsDir = path.join(o.root, 'deploy', 'nats');
  const passwords = natsConfPasswords(readFileSync(path.join(natsDir, 'nats-server.conf'), 'utf8'));
  const cluster = await startNatsCluster(natsDir, passwords);
  // a fresh database on the machine's server, or on an embedded one where there is none (its private NATS unused)
  const crash = (o.databaseFault ?? 'crash') === 'crash';
  const infra = await startTestInfra(crash ? { embeddedSettings: {} } : {});
  const dbName = new URL(infra.databaseUrl).pathname.slice(1);
  const serverUrl = Object.assign(new URL(infra.databaseUrl), { pathname: '/postgres' }).toString();
  const serviceDatabaseUrls = await provisionServiceRoles(infra.databaseUrl, BACKEND_SERVICES);
  const replicas = o.replicas ?? 2;
  const ports: number[] = [];
  for (let k = 0; k < replicas; k++) ports.push(await freePort());
  const creds = (app: AppName) => ({ NATS_USER: app, NATS_PASSWORD: `pw-${app}` });
  const system = new RunningSystem({
    root: o.root,
    databaseUrl: infra.databaseUrl,
    serviceDatabaseUrls,
    natsUrl: cluster.url,
    port: ports[0] as number,
    baseEnv: testConfig.baseEnv,
    // business time fixed as in every end-to-end suite (the same on any date the run happens)
    env: { DEMO_PASSWORD: PASSWORD, ALLOW_DEV_JWT_SECRET: 'true', LOG_LEVEL: 'warn', RPC_TIMEOUT_MS: '5000', EVENTS_STREAM_REPLICAS: '3', CLOCK_CONTROL: 'true', CLOCK_START: E2E_CLOCK_START, ...TEST_PII_ENV },
    // as an orchestrator would: a killed instance is started again, however often
    autoRestart: { maxRestarts: 100_000, windowMs: 60_000, baseDelayMs: 300, maxDelayMs: 2000, stableMs: 5000 },
  });
  const instances: InstanceName[] = [];
  const faults: ChaosFault[] = [];
  const problems: string[] = [];
  let acknowledged: { caseNo: string; n: number }[] = [];
  let completed = 0;
  let startedCases = 0;
  try {
    // one instance of each first (admin seeds the demo hall once), then the second ones
    for (const app of [...BACKEND_SERVICES, 'gateway'] as AppName[]) {
      system.start(app, creds(app));
      instances.push(app);
    }
    await system.waitHealthy(120_000);
    for (let k = 2; k <= replicas; k++) {
      for (const app of [...BACKEND_SERVICES, 'gateway'] as AppName[]) {
        if (app === 'statistics') continue; // one writer of its read model
        const more = `${app}#${k}` as InstanceName;
        system.start(more, { ...creds(app), ...(app === 'gateway' ? { PORT: String(ports[k - 1]) } : {}) });
        instances.push(more);
      }
    }
    await new Promise((r) => setTimeout(r, 5000));
    await system.waitHealthy(120_000);
    const api = new Api(ports.map((p) => `http://127.0.0.1:${p}`));
    const login = async (username: string) => (await api.ok<{ accessToken: string }>('POST', '/api/v1/auth/login', '', { username, password: PASSWORD })).accessToken;
    const [clerk, zrzy, fgw, sup] = [await login('clerk1'), await login('zrzy1'), await login('fgw1'), await login('supervisor1')];
    const catalog = await api.ok<{ code: string; materials: { code: string; required: boolean; forms: string[] }[] }[]>('GET', '/api/v1/catalog/items?stage=1', clerk);
    const materials = catalog.filter((i) => ITEMS.includes(i.code)).flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] ?? 'paper' })));
    const contactId = aResidentId();
    log(`chaos: ${instances.length} instances on a NATS cluster of ${cluster.nodes.length}; cases at ${o.rate}/s for ${o.seconds} s, a fault every ${o.faultEverySeconds} s`);

    /** steady: every service healthy through the gateway and a case readable */
    const steady = async (since: number, probeCase?: string): Promise<number> => {
      await api.until(
        'steady',
        async () => {
          const h = await api.call<{ status: string }>('GET', '/api/health', sup, undefined, undefined, 5000).catch(() => undefined);
          if (h?.body?.status !== 'ok') return undefined;
          if (probeCase) {
            const c = await api.call('GET', `/api/v1/cases/${probeCase}`, clerk, undefined, undefined, 5000).catch(() => undefined);
            if (c?.status !== 200) return undefined;
          }
          return true;
        },
        180_000,
      );
      return Math.round(performance.now() - since);
    };

    const wholeCase = async (n: number): Promise<void> => {
      const app = await api.ok<{ id: string }>(
        'POST',
        '/api/v1/applications',
        clerk,
        {
          channel: 'hall',
          stage: 1,
          itemCodes: ITEMS,
          applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: makeCreditCode(`91411523MA${String(n).padStart(7, '0')}`), phone: '13912345678', contact: { name: '李四', idNumber: contactId, phone: '13912345678' } },
          project: { code: `2026-411523-48-01-${String(n).padStart(6, '0')}`, name: '混沌测试项目', location: '新县' },
          materials,
        },
        `chaos-create-${n}`,
      );
      await api.ok('POST', `/api/v1/applications/${app.id}/precheck`, clerk, { results: [] });
      const accepted = await api.call<{ caseNo?: string }>('POST', `/api/v1/applications/${app.id}/accept`, clerk, undefined, `chaos-accept-${n}`);
      let caseNo = accepted.body?.caseNo;
      if (accepted.status >= 300 || !caseNo) {
        // answered before by a call whose answer was lost: the application says which case it became
        caseNo = (await api.ok<{ caseNo?: string }>('GET', `/api/v1/applications/${app.id}`, clerk)).caseNo;
        if (!caseNo) throw new Error(`application ${app.id}: accept answered ${accepted.status} ${JSON.stringify(accepted.body)}`);
      }
      acknowledged.push({ caseNo, n });
      for (const [token, dept] of [
        [zrzy, 'ZRZY'],
        [fgw, 'FGW'],
      ] as const) {
        const task = await api.until(`${caseNo}: ${dept}'s task`, async () => (await api.ok<Task[]>('GET', `/api/v1/review/tasks?caseNo=${caseNo}`, token))[0]);
        await api.call('POST', `/api/v1/review/tasks/${task.id}/claim`, token);
        const decided = await api.call<{ error?: { code: string } }>('POST', `/api/v1/review/tasks/${task.id}/decide`, token, { outcome: 'approve', opinion: '符合要求，准予许可。' });
        // ALREADY_DECIDED: an earlier try of this very decision was taken and its answer lost on the way
        if (decided.status >= 300 && decided.body?.error?.code !== 'ALREADY_DECIDED') throw new Error(`${caseNo}: ${dept}'s decision answered ${decided.status} ${JSON.stringify(decided.body)}`);
      }
      const certificates = await api.until(`${caseNo}: certificates`, async () => {
        const c = await api.ok<{ certificates?: Certificate[] }>('GET', `/api/v1/cases/${caseNo}`, clerk);
        return (c.certificates ?? []).length >= 2 ? (c.certificates as Certificate[]) : undefined;
      });
      for (const c of certificates) {
        const r = await api.settled<{ error?: { code: string } }>('POST', `/api/v1/certificates/${c.id}/collect`, clerk, { collectorName: '李四', collectorIdNumber: contactId });
        if (r.status >= 300 && r.body?.error?.code !== 'ALREADY_COLLECTED') throw new Error(`${caseNo}: collect ${c.no} answered ${r.status} ${JSON.stringify(r.body)}`);
      }
      const rated = await api.settled<{ error?: { code: string } }>('POST', '/api/v1/evaluations', clerk, { caseNo, level: 'very_satisfied', channel: 'pad', windowNo: 'W01' }, `chaos-rate-${n}`);
      if (rated.status >= 300 && rated.body?.error?.code !== 'ALREADY_RATED') throw new Error(`${caseNo}: rating answered ${rated.status} ${JSON.stringify(rated.body)}`);
      completed++;
    };

    // the faults, meanwhile
    let driving = true;
    const t0 = performance.now();
    const faultLoop = (async () => {
      if (o.faultEverySeconds <= 0) return;
      const outageAt = o.databaseOutage ? t0 + o.seconds * 500 : Infinity;
      let outageDone = false;
      while (driving) {
        await sleep(o.faultEverySeconds * 1000);
        if (!driving) break;
        const at = performance.now();
        const probe = acknowledged[acknowledged.length - 1]?.caseNo;
        if (!outageDone && at >= outageAt) {
          outageDone = true;
          if (crash && infra.embedded) {
            await infra.embedded.crash();
            faults.push({ at: Math.round(at - started), kind: 'database', target: 'postgresql (SIGKILL, restarted)', steadyMs: await steady(at, probe) });
          } else {
            const admin = new pg.Client({ connectionString: serverUrl });
            await admin.connect();
            await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS false`);
            await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [dbName]);
            await sleep(3000);
            await admin.query(`ALTER DATABASE "${dbName}" ALLOW_CONNECTIONS true`);
            await admin.end();
            faults.push({ at: Math.round(at - started), kind: 'database', target: 'postgresql (3 s away)', steadyMs: await steady(at, probe) });
          }
        } else if (faults.length % 4 === 1) {
          const node = cluster.nodes[Math.floor(rnd() * cluster.nodes.length)];
          if (!node) continue;
          await node.stop(true);
          await sleep(2000);
          await node.start();
          faults.push({ at: Math.round(at - started), kind: 'nats', target: node.name, steadyMs: await steady(at, probe) });
        } else {
          const target = instances[Math.floor(rnd() * instances.length)] as InstanceName;
          const pid = system.pids().get(target);
          if (!pid) continue;
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            continue; // gone already (being restarted)
          }
          faults.push({ at: Math.round(at - started), kind: 'service', target, steadyMs: await steady(at, probe) });
        }
        log(`chaos: ${JSON.stringify(faults[faults.length - 1])}`);
      }
    })();

    // the cases: one started every 1/rate s, whatever the ones before are doing
    const running: Promise<void>[] = [];
    for (let n = 1; performance.now() - t0 < o.seconds * 1000; n++) {
      const due = t0 + ((n - 1) * 1000) / o.rate;
      if (due > performance.now()) await sleep(due - performance.now());
      startedCases++;
      running.push(wholeCase(n).catch((err: unknown) => void problems.push(`case ${n}: ${(err as Error).message}`)));
    }
    driving = false;
    await faultLoop;
    await Promise.all(running);

    // the end state of every acknowledged case, through the API
    acknowledged = [...new Map(acknowledged.map((a) => [a.caseNo, a])).values()];
    const numbers = new Map<string, string>();
    for (const { caseNo } of acknowledged) {
      const c = await api.ok<{ certificates?: Certificate[] }>('GET', `/api/v1/cases/${caseNo}`, clerk);
      const certs = c.certificates ?? [];
      if (certs.length !== 2) problems.push(`${caseNo}: ${certs.length} certificates`);
      for (const cert of certs) {
        if (cert.status !== 'collected') problems.push(`${caseNo}: certificate ${cert.no} is ${cert.status}`);
        const other = numbers.get(cert.no);
        if (other) problems.push(`certificate number ${cert.no} twice (${other}, ${caseNo})`);
        numbers.set(cert.no, caseNo);
      }
      for (const [token, dept] of [
        [zrzy, 'ZRZY'],
        [fgw, 'FGW'],
      ] as const) {
        const tasks = await api.ok<Task[]>('GET', `/api/v1/review/tasks?caseNo=${caseNo}`, token);
        if (tasks.length !== 1) problems.push(`${caseNo}: ${tasks.length} ${dept} tasks`);
      }
      const sms = await api.ok<{ template: string; content: string; recipient: string }[]>('GET', `/api/v1/cases/${caseNo}/notifications`, clerk);
      const seen = new Set<string>();
      for (const m of sms) {
        const k = `${m.template}|${m.recipient}|${m.content}`;
        if (seen.has(k)) problems.push(`${caseNo}: SMS ${m.template} twice`);
        seen.add(k);
      }
    }
    if (acknowledged.length === 0) problems.push('no application was acknowledged');
  } catch (err) {
    problems.push(`the run itself failed: ${(err as Error).message}`);
  } finally {
    await system.stop().catch(() => undefined);
    await cluster.stop().catch(() => undefined);
    await infra.stop().catch(() => undefined);
  }
  return {
    ok: problems.length === 0,
    started: startedCases,
    acknowledged: acknowledged.length,
    completed,
    problems,
    faults,
    seconds: Math.round((performance.now() - started) / 1000),
  };
}

/** the report as text */
export function chaosReport(r: ChaosReport): string {
  const byKind = (k: ChaosFault['kind']) => r.faults.filter((f) => f.kind === k);
  const steadyLine = (k: ChaosFault['kind']) => {
    const list = byKind(k)
      .map((f) => f.steadyMs)
      .sort((a, b) => a - b);
    return list.length ? `${list.length} × ${k}: steady again after p50 ${(list[Math.floor(list.length / 2)] ?? 0) / 1000} s, max ${(list[list.length - 1] ?? 0) / 1000} s` : `0 × ${k}`;
  };
  return [
    `chaos: ${r.ok ? 'OK' : 'FAILED'} in ${r.seconds} s — ${r.started} cases started, ${r.acknowledged} acknowledged, ${r.completed} completed; ${r.faults.length} faults`,
    `  ${steadyLine('service')}`,
    `  ${steadyLine('nats')}`,
    `  ${steadyLine('database')}`,
    ...r.problems.slice(0, 50).map((p) => `  problem: ${p}`),
  ].join('\n');
}
