import { describe, expect, it } from '@jest/globals';
import { PeriodicJob } from './periodic-job.js';

describe('PeriodicJob', () => {
  it('never runs twice at once, runs again once after kicks during a run, and stops after the run in progress', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const job = new PeriodicJob('test', 60_000, async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      runs++;
      await new Promise<void>((r) => (release = r));
      active--;
    });
    job.kick();
    job.kick();
    job.kick();
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(2);
    const stopping = job.stop();
    release();
    await stopping;
    job.kick();
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
  });

  it('keeps running after a failed run', async () => {
    let runs = 0;
    const job = new PeriodicJob('test', 60_000, async () => {
      runs++;
      if (runs === 1) throw new Error('boom');
    });
    job.kick();
    await new Promise((r) => setTimeout(r, 10));
    job.kick();
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(2);
    await job.stop();
  });
});
