/**
 * The whole-case benchmark with 1, 2 and 3 instances of each app on a loopback three-node NATS cluster (issue 16),
 * side by side: each a run of tools/bench/lifecycle.ts (`--only system --cluster yes --replicas N`) in a process of
 * its own, one after the other on the same machine.
 *
 *   node dist/tools/bench/replicas.js [--seconds 15] [--concurrency 16] [--counts 1,2,3]
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const SECONDS = args.get('seconds') ?? '15';
const CONCURRENCY = args.get('concurrency') ?? '16';
const COUNTS = (args.get('counts') ?? '1,2,3').split(',').map(Number);
const lifecycle = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lifecycle.js');

const rows: { n: number; rate: string; latency: string; cpu: string; errors: string }[] = [];
for (const n of COUNTS) {
  process.stdout.write(`${n} instance(s) of each app on the NATS cluster…\n`);
  // a run that did not get as far as its numbers (the system did not come up in time) is tried once more
  let out = '';
  let rate: RegExpExecArray | null = null;
  for (let attempt = 1; attempt <= 2 && !rate; attempt++) {
    const r = spawnSync(process.execPath, [lifecycle, '--only', 'system', '--cluster', 'yes', '--replicas', String(n), '--seconds', SECONDS, '--concurrency', CONCURRENCY], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    out = r.stdout ?? '';
    rate = /whole cases\/s \(closed loop\)\s+([\d.]+)\s+\((\d+) done, (\d+) errors\)/.exec(out);
    if (!rate) process.stdout.write(`  the run failed (exit ${r.status}):\n${(r.stderr ?? '').slice(-2000)}\n`);
  }
  const latency = /a case, p50 \/ p95 \/ p99 ms\s+(.+)$/m.exec(out)?.[1] ?? '-';
  const cpu = /CPU per whole case in the closed loop \(processes on this machine\): ([\d.]+) ms in all/.exec(out)?.[1] ?? '-';
  rows.push({ n, rate: rate?.[1] ?? '-', errors: rate?.[3] ?? '-', latency, cpu });
}
process.stdout.write(`\nwhole cases with N instances of each app (statistics one) on a three-node NATS cluster, ${SECONDS} s closed loop, ${CONCURRENCY} at a time\n\n`);
process.stdout.write(`${'instances'.padEnd(12)}${'cases/s'.padStart(10)}${'errors'.padStart(8)}${'CPU ms/case'.padStart(14)}   a case p50 / p95 / p99 ms\n`);
for (const r of rows) process.stdout.write(`${String(r.n).padEnd(12)}${r.rate.padStart(10)}${r.errors.padStart(8)}${r.cpu.padStart(14)}   ${r.latency}\n`);
