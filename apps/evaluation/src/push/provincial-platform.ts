import { Inject, Injectable } from '@nestjs/common';
import { Clock, signedHeaders } from '@yichuang/platform';
import type { ProvincialPushKind } from '@yichuang/contracts';
import { EVALUATION_ENV } from '../tokens.js';
import type { EvaluationEnv } from '../config.js';

/** One record for the provincial platform: `id` is ours and the platform's de-duplication key. */
export interface ProvincialRecord {
  id: string;
  kind: ProvincialPushKind;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** `accepted`: the platform has it (also as a repeat); `retry`: try again later; `rejected`: the platform refused it for good. */
export type PushOutcome = { outcome: 'accepted' } | { outcome: 'retry' | 'rejected'; error: string };

/** The provincial 好差评 platform, behind an interface: the HTTP adapter below, or another province's. */
export abstract class ProvincialPlatform {
  /** false: no endpoint configured, nothing is sent */
  abstract readonly enabled: boolean;
  abstract push(record: ProvincialRecord): Promise<PushOutcome>;
}

/**
 * The common shape of provincial government-service APIs: `POST {HAOCHA_PUSH_URL}` with the JSON record, signed
 * (`x-app-key` = HAOCHA_APP_ID, `x-timestamp`, `x-nonce`, `x-signature` = HMAC-SHA256 of app id, timestamp, nonce
 * and the exact body; libs/platform `signedHeaders`), a fresh nonce per try. 2xx: accepted (a repeat of our id is
 * accepted and counted once by the platform); 409: already there, accepted; 5xx, 429, timeout, network error:
 * retry; any other 4xx: rejected. Timestamps are real time (a `Clock` never moved): the platform compares them
 * with its own clock.
 */
@Injectable()
export class HttpProvincialPlatform extends ProvincialPlatform {
  readonly enabled: boolean;
  private readonly realTime = new Clock();

  constructor(@Inject(EVALUATION_ENV) private readonly env: EvaluationEnv) {
    super();
    this.enabled = !!env.HAOCHA_PUSH_URL;
  }

  async push(record: ProvincialRecord): Promise<PushOutcome> {
    if (!this.env.HAOCHA_PUSH_URL) return { outcome: 'retry', error: 'HAOCHA_PUSH_URL is not set' };
    const body = JSON.stringify(record);
    const headers = signedHeaders(this.env.HAOCHA_APP_ID ?? '', this.env.HAOCHA_APP_SECRET ?? '', body, this.realTime.now().getTime());
    let res: Response;
    try {
      res = await fetch(this.env.HAOCHA_PUSH_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body,
        signal: AbortSignal.timeout(this.env.HAOCHA_TIMEOUT_MS),
      });
    } catch (err) {
      return { outcome: 'retry', error: `no answer: ${(err as Error).name === 'TimeoutError' ? 'timeout' : (err as Error).message}`.slice(0, 500) };
    }
    const text = (await res.text().catch(() => '')).slice(0, 300);
    if (res.ok || res.status === 409) return { outcome: 'accepted' };
    if (res.status >= 500 || res.status === 429) return { outcome: 'retry', error: `HTTP ${res.status} ${text}` };
    return { outcome: 'rejected', error: `HTTP ${res.status} ${text}` };
  }
}
