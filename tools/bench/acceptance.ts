/**
 * Benchmark: acceptance through the gateway (issue: the comprehensive window).
 *
 * An accepted application = the clerk's three calls (create, pre-check, accept) and the department tasks
 * they cause (review consumes case.accepted). Measured on the real system (all seven apps as processes,
 * PostgreSQL, NATS/JetStream) on this machine, side by side with a bare baseline measured in the same run:
 * one NATS request-reply plus one PostgreSQL transaction inserting the same rows.
 *
 *   node dist/tools/bench/acceptance.js [--seconds 15] [--concurrency 32] [--only system] [--profile DIR]
 *
 * `--only system` skips the open loop and the baseline (a quick look while tuning); `--profile DIR` writes a
 * V8 CPU profile of every service into DIR (open it in Chrome DevTools or speedscope).
 *
 * Prints accepted applications per second (closed loop), then p50/p95/p99 latency at half that rate
 * (open loop), for both, and the ratios. Bounded in time; talks only to 127.0.0.1.
 */
import { randomUUID } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import pg from 'pg';
import { Pool } from 'undici';
import { makeCreditCode } from '@yichuang/domain';
import { benchLogin, closedLoop, cpuSnapshot, openLoop, startBenchSystem } from './loops.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const SECONDS = Number(args.get('seconds') ?? 15);
const CONCURRENCY = Number(args.get('concurrency') ?? 32);
const ONLY_SYSTEM = args.get('only') === 'system';
const PROFILE_DIR = args.get('profile');

let seq = 0;
const code = () => makeCreditCode(`91411523MA${String(++seq).padStart(7, '0')}`);

async function main(): Promise<void> {
  const { infra, system, base } = await startBenchSystem({ ...(PROFILE_DIR ? { profileDir: PROFILE_DIR } : {}) });
  try {
    const token = await benchLogin(base, 'clerk1');
    const items = (await (await fetch(`${base}/api/v1/catalog/items?stage=1`)).json()) as { code: string; materials: { code: string; required: boolean; forms: string[] }[] }[];
    const chosen = items.filter((i) => i.code === 'ZRZY-001' || i.code === 'FGW-002');
    const materials = chosen.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: m.forms[0] ?? 'paper' })));
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    // undici's request() on a keep-alive pool, not fetch(): the terminals' HTTP client should cost this machine as
    // little CPU as possible, since it shares the two cores with the system it measures
    const http = new Pool(base, { connections: CONCURRENCY });
    const post = async (p: string, body?: unknown) => {
      const r = await http.request({ path: p, method: 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await r.body.text();
      if (r.statusCode >= 300) throw new Error(`${p}: ${r.statusCode} ${text}`);
      return JSON.parse(text) as { id: string; caseNo: string };
    };
    const accept = async () => {
      const app = await post('/api/v1/applications', {
        channel: 'hall',
        stage: 1,
        itemCodes: chosen.map((i) => i.code),
        applicant: { kind: 'enterprise', name: '新县城投建设有限公司', idNumber: code(), phone: '13912345678' },
        project: { code: `2026-411523-48-01-${String(seq).padStart(6, '0')}`, name: '基准测试项目', location: '新县' },
        materials,
      });
      await post(`/api/v1/applications/${app.id}/precheck`, { results: [] });
      await post(`/api/v1/applications/${app.id}/accept`);
    };

    // warm-up
    await closedLoop(accept, 2, 8);
    const cpuBefore = cpuSnapshot(system.pids());
    const sysClosed = await closedLoop(accept, SECONDS, CONCURRENCY);
    // the tasks they cause: wait until review has created every task (read as the bench, not as a service)
    const admin = new pg.Client({ connectionString: infra.databaseUrl });
    await admin.connect();
    const drainStart = performance.now();
    let cases = 0;
    let tasks = 0;
    for (let i = 0; i < 600; i++) {
      cases = Number((await admin.query(`SELECT count(*) FROM intake.case_file`)).rows[0].count);
      tasks = Number((await admin.query(`SELECT count(*) FROM review.review_task`)).rows[0].count);
      if (tasks >= cases * 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const drainMs = performance.now() - drainStart;
    const cpuAfter = cpuSnapshot(system.pids());
    const cpuLines = [...cpuAfter]
      .map(([k, v]) => [k, v - (cpuBefore.get(k) ?? 0)] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `  ${k.padEnd(14)}${((v * 1000) / Math.max(1, sysClosed.n)).toFixed(2).padStart(8)} ms${((v / (SECONDS + drainMs / 1000)) * 100).toFixed(0).padStart(6)} % of a core`);
    const cpuReport = `CPU per accepted application during the closed loop (processes on this machine):\n${cpuLines.join('\n')}\n`;
    if (ONLY_SYSTEM) {
      process.stdout.write(`system: ${sysClosed.rate.toFixed(1)} accepted/s (${sysClosed.n} ok, ${sysClosed.errors} errors), closed-loop p50/p99 ${sysClosed.p50.toFixed(1)}/${sysClosed.p99.toFixed(1)} ms; ${tasks} tasks for ${cases} cases, drained ${drainMs.toFixed(0)} ms after\n${cpuReport}`);
      await admin.end();
      await http.close();
      return;
    }
    const sysOpen = await openLoop(accept, Math.max(1, sysClosed.rate / 2), SECONDS);

    // bare baseline: one NATS request-reply + one PostgreSQL transaction inserting the same rows
    const nc = await connect({ servers: infra.natsUrl });
    const responder = await connect({ servers: infra.natsUrl });
    responder.subscribe('bench.echo', {
      callback: (_e, m) => {
        m.respond(m.data);
      },
    });
    await responder.flush();
    const pool = new pg.Pool({ connectionString: infra.databaseUrl, max: 20 });
    await pool.query(`CREATE SCHEMA IF NOT EXISTS bench;
      CREATE TABLE IF NOT EXISTS bench.application (id uuid PRIMARY KEY, data jsonb);
      CREATE TABLE IF NOT EXISTS bench.material (id bigserial PRIMARY KEY, application_id uuid, code text);
      CREATE TABLE IF NOT EXISTS bench.case_file (case_no text PRIMARY KEY, application_id uuid, data jsonb);
      CREATE TABLE IF NOT EXISTS bench.timeline (id bigserial PRIMARY KEY, case_no text, event text);
      CREATE TABLE IF NOT EXISTS bench.outbox (id uuid PRIMARY KEY, envelope jsonb);
      CREATE TABLE IF NOT EXISTS bench.task (id uuid PRIMARY KEY, case_no text, item text);`);
    const payload = JSON.stringify({ materials, items: chosen.map((i) => i.code) });
    const bare = async () => {
      await nc.request('bench.echo', payload, { timeout: 5000 });
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const id = randomUUID();
        const caseNo = randomUUID();
        await c.query(`INSERT INTO bench.application (id, data) VALUES ($1, $2)`, [id, payload]);
        for (const m of materials) await c.query(`INSERT INTO bench.material (application_id, code) VALUES ($1, $2)`, [id, m.code]);
        await c.query(`INSERT INTO bench.case_file (case_no, application_id, data) VALUES ($1, $2, $3)`, [caseNo, id, payload]);
        await c.query(`INSERT INTO bench.timeline (case_no, event) VALUES ($1, 'accepted')`, [caseNo]);
        await c.query(`INSERT INTO bench.outbox (id, envelope) VALUES ($1, $2)`, [randomUUID(), payload]);
        for (const i of chosen) await c.query(`INSERT INTO bench.task (id, case_no, item) VALUES ($1, $2, $3)`, [randomUUID(), caseNo, i.code]);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    };
    await http.close();
    await closedLoop(bare, 2, 8);
    const bareClosed = await closedLoop(bare, SECONDS, CONCURRENCY);
    const bareOpen = await openLoop(bare, Math.max(1, sysClosed.rate / 2), SECONDS);
    await nc.close();
    await responder.close();
    await pool.end();
    await admin.end();

    const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '-');
    const line = (label: string, s: string, b: string, ratio: string) => `${label.padEnd(44)}${s.padStart(14)}${b.padStart(14)}${ratio.padStart(10)}\n`;
    process.stdout.write(`\nacceptance benchmark — ${SECONDS} s per phase, ${CONCURRENCY} concurrent clerks, 2 items / 2 departments per application\n\n`);
    process.stdout.write(line('', 'system', 'bare', 'ratio'));
    process.stdout.write(line('throughput (accepted applications/s)', f(sysClosed.rate), f(bareClosed.rate), `${f(bareClosed.rate / sysClosed.rate)}x`));
    process.stdout.write(line('  completed / errors', `${sysClosed.n}/${sysClosed.errors}`, `${bareClosed.n}/${bareClosed.errors}`, ''));
    // the department tasks count too: until review has created them all, the last applications are not done
    const withTasks = sysClosed.n / (sysClosed.n / sysClosed.rate + drainMs / 1000);
    process.stdout.write(line('  counting until their tasks exist (/s)', f(withTasks), f(bareClosed.rate), `${f(bareClosed.rate / withTasks)}x`));
    process.stdout.write(line(`latency at ${f(sysClosed.rate / 2)}/s (half rate), p50 ms`, f(sysOpen.p50), f(bareOpen.p50), `${f(sysOpen.p50 / bareOpen.p50)}x`));
    process.stdout.write(line('  p95 ms', f(sysOpen.p95), f(bareOpen.p95), `${f(sysOpen.p95 / bareOpen.p95)}x`));
    process.stdout.write(line('  p99 ms', f(sysOpen.p99), f(bareOpen.p99), `${f(sysOpen.p99 / bareOpen.p99)}x`));
    process.stdout.write(line('  completed / errors', `${sysOpen.n}/${sysOpen.errors}`, `${bareOpen.n}/${bareOpen.errors}`, ''));
    process.stdout.write(`\ntasks caused: ${tasks} tasks for ${cases} cases; review finished them ${f(drainMs)} ms after the last acceptance\n`);
    process.stdout.write(`\n${cpuReport}`);
    process.stdout.write(`targets (issue): ≥ 400 accepted/s; p99 ≤ 25 ms at half that rate\n`);
  } finally {
    await system.stop();
    await infra.stop();
  }
}

await main();
