import type { MessageChannel, ProviderHealthView, ProviderState } from '@yichuang/contracts';
import type { MessageProvider, SendResult } from './provider.js';

// what the health check and the administrator see of one provider (in this instance): libs/contracts
export type { ProviderHealthView, ProviderState };

export interface HealthSettings {
  /** a try slower than this counts as failing */
  slowMs: number;
  /** consecutive failing tries after which the provider is skipped */
  failureThreshold: number;
  coolDownMs: number;
}

interface Entry {
  provider: MessageProvider;
  priority: number;
  state: ProviderState;
  consecutiveFailures: number;
  cooldownUntil: number;
  lastLatencyMs?: number;
  lastError?: string;
  lastSuccessAt?: number;
  counts: Record<SendResult['status'], number>;
}

/**
 * Failover between providers of a channel (a circuit breaker per provider): providers are tried in priority
 * order; one that fails (`temporary_failure`, `unknown`, a throw) or answers slower than `slowMs` for
 * `failureThreshold` tries in a row is skipped for `coolDownMs`, then probed (`probe()`) and used again if the
 * probe passes. A permanent failure is about the number, not the provider: it counts as an answer.
 * Pure apart from the providers' probes; time comes from the caller's clock.
 */
export class ProviderHealth {
  private readonly entries: Entry[];

  constructor(
    providers: MessageProvider[],
    private readonly settings: HealthSettings,
    private readonly now: () => Date,
  ) {
    const perChannel = new Map<MessageChannel, number>();
    this.entries = providers.map((provider) => {
      const priority = (perChannel.get(provider.channel) ?? 0) + 1;
      perChannel.set(provider.channel, priority);
      return { provider, priority, state: 'up', consecutiveFailures: 0, cooldownUntil: 0, counts: { delivered: 0, sending: 0, temporary_failure: 0, permanent_failure: 0, unknown: 0 } };
    });
  }

  get providers(): MessageProvider[] {
    return this.entries.map((e) => e.provider);
  }

  /** whether any provider serves the channel at all (configured) */
  serves(channel: MessageChannel): boolean {
    return this.entries.some((e) => e.provider.channel === channel);
  }

  /**
   * The provider to try next for the channel: the first in priority order that is up, or whose cool-down ended and
   * whose probe passes. `avoid` (the provider whose last try failed) is taken only if no other one is available.
   */
  async choose(channel: MessageChannel, avoid?: string | null): Promise<MessageProvider | null> {
    const candidates = this.entries.filter((e) => e.provider.channel === channel);
    let fallback: MessageProvider | null = null;
    for (const e of candidates) {
      if (!(await this.available(e))) continue;
      if (avoid && e.provider.name === avoid) {
        fallback = e.provider;
        continue;
      }
      return e.provider;
    }
    return fallback;
  }

  /** another provider than `name` would take the channel's next try now (no probe is made) */
  hasAlternative(channel: MessageChannel, name: string | null): boolean {
    const t = this.now().getTime();
    return this.entries.some((e) => e.provider.channel === channel && e.provider.name !== name && (e.state === 'up' || e.cooldownUntil <= t));
  }

  /** when the channel's first cooled-down provider may be probed again (null: one is available now, or none exists) */
  nextAvailableAt(channel: MessageChannel): Date | null {
    const t = this.now().getTime();
    const cooling = this.entries.filter((e) => e.provider.channel === channel).map((e) => (e.state === 'up' ? t : e.cooldownUntil));
    if (cooling.length === 0) return null;
    const first = Math.min(...cooling);
    return first > t ? new Date(first) : null;
  }

  /** the answer of one try and how long it took */
  report(name: string, result: SendResult, latencyMs: number): void {
    const e = this.entries.find((x) => x.provider.name === name);
    if (!e) return;
    e.counts[result.status]++;
    e.lastLatencyMs = Math.round(latencyMs);
    const failed = result.status === 'temporary_failure' || result.status === 'unknown';
    const slow = latencyMs > this.settings.slowMs;
    if (!failed && !slow) {
      e.consecutiveFailures = 0;
      e.state = 'up';
      e.lastSuccessAt = this.now().getTime();
      return;
    }
    e.consecutiveFailures++;
    e.lastError = failed ? result.reason : `slow: ${Math.round(latencyMs)} ms (over ${this.settings.slowMs} ms)`;
    // a failing probe try sends it back to rest at once; otherwise after the threshold
    if (e.state === 'probing' || e.consecutiveFailures >= this.settings.failureThreshold) this.coolDown(e);
  }

  views(): ProviderHealthView[] {
    return this.entries.map((e) => ({
      name: e.provider.name,
      channel: e.provider.channel,
      priority: e.priority,
      state: e.state,
      consecutiveFailures: e.consecutiveFailures,
      ...(e.state !== 'up' ? { cooldownUntil: new Date(e.cooldownUntil).toISOString() } : {}),
      ...(e.lastLatencyMs !== undefined ? { lastLatencyMs: e.lastLatencyMs } : {}),
      ...(e.lastError ? { lastError: e.lastError } : {}),
      ...(e.lastSuccessAt ? { lastSuccessAt: new Date(e.lastSuccessAt).toISOString() } : {}),
      counts: { ...e.counts },
    }));
  }

  private coolDown(e: Entry): void {
    e.state = 'cooling_down';
    e.cooldownUntil = this.now().getTime() + this.settings.coolDownMs;
  }

  private async available(e: Entry): Promise<boolean> {
    if (e.state === 'up') return true;
    if (e.state === 'probing') return true; // its probe passed: the next try decides
    if (e.cooldownUntil > this.now().getTime()) return false;
    let ok = false;
    try {
      ok = await e.provider.probe();
    } catch {
      ok = false;
    }
    if (ok) {
      e.state = 'probing';
      return true;
    }
    e.lastError = 'probe failed';
    this.coolDown(e);
    return false;
  }
}
