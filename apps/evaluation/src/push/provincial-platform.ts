import { Inject, Injectable } from '@nestjs/common';
import { Clock, postSigned, type PushOutcome } from '@yichuang/platform';
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

export type { PushOutcome };

/** The provincial 好差评 platform, behind an interface: the HTTP adapter below, or another province's. */
export abstract class ProvincialPlatform {
  /** false: no endpoint configured, nothing is sent */
  abstract readonly enabled: boolean;
  abstract push(record: ProvincialRecord): Promise<PushOutcome>;
}

/**
 * The common shape of provincial government-service APIs: `POST {HAOCHA_PUSH_URL}` with the JSON record, signed
 * (`x-app-key` = HAOCHA_APP_ID, `x-timestamp`, `x-nonce`, `x-signature` = HMAC-SHA256 of app id, timestamp, nonce
 * and the exact body), a fresh nonce per try, the answer classified by libs/platform `postSigned` (2xx and 409
 * accepted — a repeat of our id is counted once by the platform —, 5xx, 429, timeout, network error retry, other
 * 4xx rejected). Timestamps are real time (a `Clock` never moved): the platform compares them with its own clock.
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
    const credentials = { appKey: this.env.HAOCHA_APP_ID ?? '', secret: this.env.HAOCHA_APP_SECRET ?? '' };
    return postSigned(this.env.HAOCHA_PUSH_URL, credentials, JSON.stringify(record), this.env.HAOCHA_TIMEOUT_MS, this.realTime.now().getTime());
  }
}
