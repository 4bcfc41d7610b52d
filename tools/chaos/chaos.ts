/**
 * The chaos run (issue 16), long version: whole cases at a steady rate on a loopback three-node NATS cluster with every
 * service twice, while instances, NATS nodes and (once) PostgreSQL are taken away; exits non-zero on any loss or
 * duplicate. The short version runs in the test suite (apps/e2e/src/chaos.e2e.ts).
 *
 *   node dist/tools/chaos/chaos.js [--seconds 600] [--rate 0.5] [--fault-every 2] [--seed 1]
 *
 * Needs dist/ built (`npm run build`), nats-server installed and the machine's PostgreSQL (TEST_DATABASE_URL).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chaosReport, runChaos } from '@yichuang/testing';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const report = await runChaos({
  root,
  seconds: Number(args.get('seconds') ?? 600),
  rate: Number(args.get('rate') ?? 0.5),
  faultEverySeconds: Number(args.get('fault-every') ?? 2),
  databaseOutage: true,
  seed: Number(args.get('seed') ?? 1),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`${chaosReport(report)}\n`);
process.exit(report.ok ? 0 : 1);
