/**
 * Benchmark: the review service's task-alarm sweep (电子监察) at scale.
 *
 * A fresh database (startTestInfra, 127.0.0.1 only), the compiled review service (dist/) started as its own
 * process — it runs its migrations at start — and a stand-in for the admin's calendar on NATS; then ONE
 * MILLION open review tasks bulk-loaded with INSERT … SELECT generate_series, 1% of them due in the past.
 * Each sweep is the real one, asked for over NATS (`Rpc.review.sweepAlarms`, one request-reply included).
 *
 *   node dist/tools/bench/alarm-sweep.js [--tasks 1000000] [--runs 20]
 *
 * Measures, side by side with bare PostgreSQL baselines in the same run:
 *   - a sweep with nothing crossing on the fresh set (today before every due date);
 *   - the sweep raising the 1% (10,000 red alarms + 10,000 outbox events), checked to be exactly that many,
 *     and a second sweep raising 0;
 *   - a sweep with nothing crossing after the 1% have been raised;
 * Targets: 10,000 alarms within 2 s, a no-crossing sweep within 50 ms. Bounded in time (10 minutes).
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { rpc as rpcDef, Rpc, type Actor, type CalendarSnapshot } from '@yichuang/contracts';
import { clockSubject, RunningSystem } from '@yichuang/platform';
import { startTestInfra, testConfig, testRpcClient } from '@yichuang/testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const supervisor: Actor = { username: 'bench', roles: ['supervisor'] };

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const TASKS = Number(args.get('tasks') ?? 1_000_000);
const RUNS = Number(args.get('runs') ?? 20);
const CROSSING = Math.floor(TASKS / 100);

const deadline = setTimeout(() => {
  console.error('alarm-sweep: time box of 10 minutes exceeded, giving up');
  process.exit(2);
}, 10 * 60_000);
deadline.unref();

/** 2025 with the National Day holiday (Oct 1–8 off; Sep 28 and Oct 11 worked). */
const SNAPSHOT: CalendarSnapshot = {
  version: 1,
  years: [2025],
  holidays: ['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({ date: `2025-10-${d}`, name: '国庆节、中秋节' })),
  makeUpWorkdays: [
    { date: '2025-09-28', name: '国庆节' },
    { date: '2025-10-11', name: '国庆节' },
  ],
};

function fakeAdmin(nc: NatsConnection): void {
  nc.subscribe(Rpc.admin.getCalendar.subject, {
    callback: (err, msg) => {
      if (err) return;
      const { id } = msg.json<{ id: string }>();
      msg.respond(JSON.stringify({ id, response: SNAPSHOT, isDisposed: true }));
    },
  });
}

interface Stats {
  min: number;
  p50: number;
  max: number;
}

function stats(ms: number[]): Stats {
  const s = [...ms].sort((a, b) => a - b);
  return { min: s[0] ?? NaN, p50: s[Math.floor(s.length / 2)] ?? NaN, max: s[s.length - 1] ?? NaN };
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await fn();
  return [performance.now() - t0, r];
}

async function repeat(n: number, fn: () => Promise<unknown>): Promise<Stats> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) ms.push((await time(fn))[0]);
  return stats(ms);
}

const fmt = (s: Stats) => `p50 ${s.p50.toFixed(1).padStart(7)} ms  (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;

async function main(): Promise<void> {
  const t0 = performance.now();
  const infra = await startTestInfra();
  const nc = await connect({ servers: infra.natsUrl });
  fakeAdmin(nc);
  await nc.flush();
  const logs: string[] = [];
  const system = new RunningSystem({
    root,
    databaseUrl: infra.databaseUrl,
    natsUrl: infra.natsUrl,
    port: 0,
    baseEnv: testConfig.baseEnv,
    env: { LOG_LEVEL: 'warn', CLOCK_CONTROL: 'true', DEMO_DATA: 'false', ALARM_SWEEP_MS: '3600000', ALLOW_DEV_JWT_SECRET: 'true' },
    onLine: (_app, line) => logs.push(line),
  });
  system.start('review');
  const rpc = testRpcClient(infra.natsUrl, 30_000);
  const db = new pg.Client({ connectionString: infra.databaseUrl, options: '-c search_path=review' });
  try {
    const up = performance.now() + 60_000;
    for (;;) {
      try {
        await rpc.request(Rpc.review.listAlarms, {}, { actor: supervisor, timeoutMs: 1000 });
        break;
      } catch (err) {
        if (performance.now() > up || !system.isRunning('review')) throw new Error(`review did not start: ${(err as Error).message}\n${logs.slice(-20).join('\n')}`);
        await new Promise((res) => setTimeout(res, 250));
      }
    }
    await db.connect();
    const q = async <T>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T;
    const count = async (sql: string, params: unknown[] = []) => (await q<{ n: number }[]>(sql, params))[0]?.n ?? -1;
    const setToday = (d: string) => rpc.request(rpcDef<{ now?: string }, { now: string }>(clockSubject('review'), null), { now: `${d}T02:00:00.000Z` });
    const sweep = () => rpc.request(Rpc.review.sweepAlarms, {}, { actor: supervisor });

    // 1% (every 100th) due between Sep 1 and Sep 29 2025, the rest between Oct 16 and Dec 31; half claimed
    const [loadMs] = await time(() =>
      q(
        `INSERT INTO review_task (id, case_no, item_code, item_name, department_code, department_name, promised_days, start_date, due_date, status, assignee, created_at)
         SELECT gen_random_uuid(), '411523-2025-' || lpad(i::text, 7, '0'), 'ZRZY-001', '建设用地规划许可证',
                'D' || (i % 20), '部门' || (i % 20), 20, date '2025-08-01',
                CASE WHEN i % 100 = 0 THEN date '2025-09-01' + (i / 100) % 29 ELSE date '2025-10-16' + i % 77 END,
                CASE WHEN i % 2 = 0 THEN 'pending' ELSE 'claimed' END, CASE WHEN i % 2 = 0 THEN NULL ELSE 'u' || (i % 20) END, now()
         FROM generate_series(1, $1::int) AS i`,
        [TASKS],
      ),
    );
    const [analyzeMs] = await time(() => q(`VACUUM ANALYZE review_task`));
    const open = await count(`SELECT count(*)::int AS n FROM review_task WHERE status IN ('pending','claimed')`);
    console.log(`loaded ${open} open tasks in ${(loadMs / 1000).toFixed(1)} s (VACUUM ANALYZE ${analyzeMs.toFixed(0)} ms)`);

    // warm the calendar cache and the plans
    await setToday('2025-08-25');
    await sweep();

    // --- no crossing, fresh set (Aug 25: yellow up to Aug 26, red before Aug 25; the earliest due date is Sep 1)
    const freshNone = await repeat(RUNS, () => sweep());
    const baseFreshCount = await repeat(RUNS, () =>
      q(`SELECT count(*) FROM review_task WHERE status IN ('pending','claimed') AND due_date BETWEEN '2025-08-25' AND '2025-08-26'`),
    );

    // --- baselines for the 1%: the same rows read, and the same rows written, by bare SQL
    const baseSelect = await repeat(5, () =>
      q(
        `SELECT t.id, t.case_no, t.department_code, t.due_date FROM review_task t
         WHERE t.status IN ('pending','claimed') AND t.due_date >= '2025-09-01' AND t.due_date <= '2025-09-29'
           AND NOT EXISTS (SELECT 1 FROM task_alarm a WHERE a.task_id = t.id AND a.level = 'red')`,
      ),
    );
    await q(`CREATE TABLE bench_alarm (LIKE task_alarm INCLUDING ALL)`);
    const baseInsert: number[] = [];
    for (let i = 0; i < 3; i++) {
      await q(`TRUNCATE bench_alarm`);
      const [ms] = await time(() =>
        q(
          `INSERT INTO bench_alarm (task_id, case_no, department_code, level, due_date, remaining, raised_at)
           SELECT t.id, t.case_no, t.department_code, 'red', t.due_date, -1, now() FROM review_task t
           WHERE t.status IN ('pending','claimed') AND t.due_date >= '2025-09-01' AND t.due_date <= '2025-09-29'`,
        ),
      );
      baseInsert.push(ms);
    }
    await q(`DROP TABLE bench_alarm`);

    // --- the 1% crossing: 10,000 red alarms and their events, then a second sweep raising 0
    await setToday('2025-09-30');
    const raises: number[] = [];
    const drains: number[] = [];
    let raisedOk = true;
    for (let round = 0; round < 3; round++) {
      if (round > 0) {
        await q(`DELETE FROM task_alarm`);
        await q(`DELETE FROM outbox`);
        await q(`VACUUM ANALYZE task_alarm`);
      }
      const [ms, r] = await time(() => sweep());
      raises.push(ms);
      const stored = await count(`SELECT count(*)::int AS n FROM task_alarm`);
      const distinct = await count(`SELECT count(DISTINCT (task_id, level))::int AS n FROM task_alarm`);
      const events = await count(`SELECT count(*)::int AS n FROM outbox WHERE subject = 'yc.evt.review.alarm.raised.v1'`);
      const again = await sweep();
      const ok = r.raised === CROSSING && stored === CROSSING && distinct === CROSSING && events === CROSSING && again.raised === 0;
      raisedOk &&= ok;
      console.log(
        `round ${round + 1}: raised ${r.raised} in ${ms.toFixed(0)} ms; stored ${stored}, distinct (task, level) ${distinct}, outbox events ${events}; second sweep raised ${again.raised} ${ok ? 'OK' : 'WRONG'}`,
      );
      // let the outbox relay publish them (so it does not compete with the next measurement)
      const [drainMs] = await time(async () => {
        const until = performance.now() + 120_000;
        while ((await count(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)) > 0 && performance.now() < until) {
          await new Promise((res) => setTimeout(res, 200));
        }
      });
      drains.push(drainMs);
    }
    await q(`VACUUM ANALYZE task_alarm`);

    // --- no crossing after the 1% have been raised (still Sep 30)
    const afterNone = await repeat(RUNS, () => sweep());
    const baseAfterCount = await repeat(RUNS, () =>
      q(`SELECT count(*) FROM review_task WHERE status IN ('pending','claimed') AND due_date BETWEEN '2025-09-01' AND '2025-10-09'`),
    );
    const raise = stats(raises);
    const bi = stats(baseInsert);
    console.log('');
    console.log(`alarm sweep over ${open} open tasks (PostgreSQL ${(await q<{ server_version: string }[]>(`SHOW server_version`))[0]?.server_version}, ${RUNS} runs each)`);
    console.log(`  no crossing, fresh set          sweep ${fmt(freshNone)}   | bare indexed count of the slices ${fmt(baseFreshCount)}`);
    console.log(`  no crossing, after the 1% raised sweep ${fmt(afterNone)}   | bare indexed count of the slices ${fmt(baseAfterCount)}`);
    console.log(`  1% crossing: ${CROSSING} alarms + events   sweep ${fmt(raise)}   | bare SELECT of them ${fmt(baseSelect)} | bare INSERT … SELECT of them (no events) ${fmt(bi)}`);
    console.log(`  outbox relay published the ${CROSSING} events to JetStream in ${fmt(stats(drains))}`);
    console.log(`  exactly once: ${raisedOk ? 'yes' : 'NO'}`);
    console.log(
      `  targets: 10,000 alarms ≤ 2000 ms: ${raise.max <= 2000 ? 'met' : 'MISSED'} (max ${raise.max.toFixed(0)} ms); no-crossing sweep ≤ 50 ms: ${Math.max(freshNone.p50, afterNone.p50) <= 50 ? 'met' : 'MISSED'} (p50 ${freshNone.p50.toFixed(1)} / ${afterNone.p50.toFixed(1)} ms)`,
    );
    console.log(`total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    if (!raisedOk) process.exitCode = 1;
  } finally {
    await db.end().catch(() => undefined);
    await rpc.onApplicationShutdown();
    await system.stop();
    await nc.close();
    await infra.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
