/**
 * When to restart a crashed service, and when to give up (pure: the supervisor in RunningSystem feeds it
 * the times it saw). Exponential backoff, capped; a service that stayed up for `stableMs` starts afresh;
 * more than `maxRestarts` crashes within `windowMs` and it is left down, loudly.
 */
export interface RestartPolicy {
  /** restarts allowed within `windowMs`; the next crash gives up */
  maxRestarts: number;
  windowMs: number;
  /** the first restart's delay; each further one doubles it, up to `maxDelayMs` */
  baseDelayMs: number;
  maxDelayMs: number;
  /** up this long, and the earlier crashes are forgotten */
  stableMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxRestarts: 5,
  windowMs: 10 * 60_000,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  stableMs: 60_000,
};

export type RestartDecision =
  | { action: 'restart'; delayMs: number; /** 1-based, within the window */ restart: number; crashes: number[] }
  | { action: 'give-up'; crashes: number[] };

/**
 * The decision after a crash at `now` of a process started at `startedAt`, given the times of the earlier
 * crashes still counted (`crashes`, as returned by the previous decision). All times in ms on one clock.
 */
export function decideRestart(policy: RestartPolicy, crashes: readonly number[], startedAt: number, now: number): RestartDecision {
  const stable = now - startedAt >= policy.stableMs;
  const counted = [...(stable ? [] : crashes.filter((t) => now - t < policy.windowMs)), now];
  if (counted.length > policy.maxRestarts) return { action: 'give-up', crashes: counted };
  const delayMs = Math.min(policy.baseDelayMs * 2 ** (counted.length - 1), policy.maxDelayMs);
  return { action: 'restart', delayMs, restart: counted.length, crashes: counted };
}

/** `1 s`, `1.5 s`, `10 min`: a duration as the supervisor's lines show it. */
export function formatDuration(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${Number((ms / 1000).toFixed(1))} s`;
}
