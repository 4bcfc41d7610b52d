/**
 * The chaos run's short version (libs/testing/src/chaos.ts; the long one is tools/chaos/chaos.ts): whole cases at a
 * steady rate on a three-node NATS cluster with every service twice, while service instances and NATS nodes are
 * SIGKILLed and PostgreSQL is SIGKILLed once and restarted — and every case the hall was told was accepted ends once: one task per
 * department, two certificates with their own numbers, both handed over, rated, no SMS twice.
 */
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chaosReport, runChaos } from '@yichuang/testing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('chaos (short): nothing lost, nothing twice', () => {
  it('ends every acknowledged case once while instances, NATS nodes and the database are taken away', async () => {
    const report = await runChaos({ root, seconds: 40, rate: 0.5, faultEverySeconds: 4, databaseOutage: true, seed: 7 });
    process.stdout.write(`${chaosReport(report)}\n`);
    expect(report.problems).toEqual([]);
    expect(report.acknowledged).toBeGreaterThanOrEqual(15);
    expect(report.completed).toBe(report.acknowledged);
    expect(report.faults.filter((f) => f.kind === 'service').length).toBeGreaterThanOrEqual(3);
    expect(report.faults.filter((f) => f.kind === 'nats').length).toBeGreaterThanOrEqual(1);
    // the run's own PostgreSQL killed with SIGKILL and started again: crash recovery under the services' feet
    expect(report.faults.filter((f) => f.kind === 'database').map((f) => f.target)).toEqual(['postgresql (SIGKILL, restarted)']);
  }, 600_000);

  it('three instances of every service (and of the gateway) on one database and one NATS cluster: every case once', async () => {
    const report = await runChaos({ root, seconds: 20, rate: 0.5, faultEverySeconds: 0, replicas: 3, seed: 3, databaseFault: 'outage' });
    process.stdout.write(`${chaosReport(report)}\n`);
    expect(report.problems).toEqual([]);
    expect(report.acknowledged).toBeGreaterThanOrEqual(8);
    expect(report.completed).toBe(report.acknowledged);
  }, 600_000);
});
