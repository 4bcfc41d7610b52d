import { describe, expect, it } from '@jest/globals';
import { decideRestart, DEFAULT_RESTART_POLICY, formatDuration, type RestartPolicy } from './restart-policy.js';

const policy: RestartPolicy = { maxRestarts: 3, windowMs: 10_000, baseDelayMs: 100, maxDelayMs: 300, stableMs: 5_000 };

/** Crash at each of `times` (each process started `upMs` before its crash); the decisions in order. */
function crashAt(times: number[], upMs = 10, p = policy) {
  let crashes: number[] = [];
  return times.map((t) => {
    const d = decideRestart(p, crashes, t - upMs, t);
    crashes = d.crashes;
    return d.action === 'restart' ? `restart ${d.restart} in ${d.delayMs}` : 'give-up';
  });
}

describe('decideRestart', () => {
  it('backs off exponentially, capped, then gives up after maxRestarts crashes within the window', () => {
    expect(crashAt([1000, 1200, 1500, 2000])).toEqual(['restart 1 in 100', 'restart 2 in 200', 'restart 3 in 300', 'give-up']);
  });

  it('caps the delay at maxDelayMs', () => {
    const p = { ...policy, maxRestarts: 10 };
    expect(crashAt([1, 2, 3, 4, 5], 0, p).at(-1)).toBe('restart 5 in 300');
  });

  it('forgets the crashes of a process that stayed up for stableMs', () => {
    expect(crashAt([1000, 1200, 1500])).toEqual(['restart 1 in 100', 'restart 2 in 200', 'restart 3 in 300']);
    let crashes: number[] = [];
    for (const t of [1000, 1200, 1500]) crashes = decideRestart(policy, crashes, t - 10, t).crashes;
    const d = decideRestart(policy, crashes, 1600, 1600 + policy.stableMs);
    expect(d).toMatchObject({ action: 'restart', restart: 1, delayMs: 100 });
  });

  it('counts only the crashes within the window', () => {
    expect(crashAt([0, 1, 2, 20_000])).toEqual(['restart 1 in 100', 'restart 2 in 200', 'restart 3 in 300', 'restart 1 in 100']);
  });

  it('gives up at once when no restart is allowed', () => {
    expect(crashAt([5], 1, { ...policy, maxRestarts: 0 })).toEqual(['give-up']);
  });

  it('defaults to 1 s, 2 s, 4 s … within 10 min, 5 restarts', () => {
    expect(crashAt([1, 2, 3, 4, 5, 6], 0, DEFAULT_RESTART_POLICY)).toEqual([
      'restart 1 in 1000',
      'restart 2 in 2000',
      'restart 3 in 4000',
      'restart 4 in 8000',
      'restart 5 in 16000',
      'give-up',
    ]);
  });
});

describe('formatDuration', () => {
  it('shows seconds, or whole minutes', () => {
    expect([formatDuration(1000), formatDuration(1500), formatDuration(600_000), formatDuration(90_000)]).toEqual(['1 s', '1.5 s', '10 min', '90 s']);
  });
});
