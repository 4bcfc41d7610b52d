import { Controller, Inject } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Rpc, type ProviderHealthView } from '@yichuang/contracts';
import { maskPii } from '@yichuang/domain';
import { instanceIdOf } from '@yichuang/platform';
import { NOTIFICATION_ENV } from '../tokens.js';
import type { NotificationEnv } from '../config.js';
import { SmsDispatcher } from '../messages/sms-dispatcher.js';
import type { MessageProvider } from './provider.js';

/** A provider that reports its own connection state (SMPP: connected, bound, outstanding, reconnects, lastError). */
interface WithState {
  state(): Record<string, unknown>;
}

function hasState(p: MessageProvider): p is MessageProvider & WithState {
  return typeof (p as Partial<WithState>).state === 'function';
}

const SECRET = /pass|secret|token|key|credential/i;

/** The provider's state as plain values: nothing named like a secret, texts masked and bounded. */
export function publicDetails(state: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(state)) {
    if (SECRET.test(k)) continue;
    if (typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (typeof v === 'string') out[k] = maskPii(v).slice(0, 200);
  }
  return out;
}

/**
 * `yc.rpc.notification.providers.v1`: each message provider as the answering instance sees it (failover state,
 * latency, counts, and the provider's own connection state), for the hall's health and the administrator.
 */
@Controller()
export class ProvidersNats {
  private readonly instance: string;

  constructor(
    private readonly dispatcher: SmsDispatcher,
    @Inject(NOTIFICATION_ENV) env: NotificationEnv,
  ) {
    this.instance = instanceIdOf('notification', env);
  }

  @MessagePattern(Rpc.notification.providers.subject)
  providers(): ProviderHealthView[] {
    const providers = new Map(this.dispatcher.health.providers.map((p) => [p.name, p]));
    return this.dispatcher.health.views().map((v) => {
      const p = providers.get(v.name);
      let details: Record<string, string | number | boolean> | undefined;
      try {
        details = p && hasState(p) ? publicDetails(p.state()) : undefined;
      } catch {
        details = undefined;
      }
      return { ...v, ...(v.lastError ? { lastError: maskPii(v.lastError) } : {}), ...(details ? { details } : {}), instance: this.instance };
    });
  }
}
