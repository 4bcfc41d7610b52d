import { Inject, Injectable } from '@nestjs/common';
import { Clock, noAnswer, signedHeaders } from '@yichuang/platform';
import type { ExchangeEnv } from '../config.js';
import { EXCHANGE_ENV } from '../tokens.js';

export interface RegisteredProject {
  name: string;
  owner: string;
  location: string;
  stage?: number;
}

/** what the platform said: the project, that it does not know the code, or nothing (`error`) */
export type RegistryAnswer = { found: RegisteredProject } | { unknown: true } | { error: string };

/** The 投资项目在线审批监管平台's project register, behind an interface: the HTTP adapter below, or another province's. */
export abstract class ProjectRegistry {
  abstract readonly enabled: boolean;
  abstract find(code: string): Promise<RegistryAnswer>;
}

/**
 * `GET {PROVINCE_TZXM_URL}?code=…`, signed as the other provincial calls (app id, timestamp, nonce, HMAC-SHA256 of
 * the empty body): `200 {project: {name, owner, location, stage?}}` found; `404` unknown; anything else, a timeout
 * (PROVINCE_TZXM_TIMEOUT_MS, short: the clerk waits) or a network error: no answer.
 */
@Injectable()
export class HttpProjectRegistry extends ProjectRegistry {
  readonly enabled: boolean;
  private readonly realTime = new Clock();

  constructor(@Inject(EXCHANGE_ENV) private readonly env: ExchangeEnv) {
    super();
    this.enabled = !!env.PROVINCE_TZXM_URL;
  }

  async find(code: string): Promise<RegistryAnswer> {
    if (!this.env.PROVINCE_TZXM_URL) return { error: 'PROVINCE_TZXM_URL is not set' };
    const url = new URL(this.env.PROVINCE_TZXM_URL);
    url.searchParams.set('code', code);
    let res: Response;
    try {
      res = await fetch(url, {
        headers: signedHeaders(this.env.PROVINCE_TZXM_APP_ID ?? '', this.env.PROVINCE_TZXM_APP_SECRET ?? '', '', this.realTime.now().getTime()),
        signal: AbortSignal.timeout(this.env.PROVINCE_TZXM_TIMEOUT_MS),
      });
    } catch (err) {
      return { error: noAnswer(err) };
    }
    if (res.status === 404) return { unknown: true };
    if (!res.ok) return { error: `HTTP ${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}` };
    const body = (await res.json().catch(() => ({}))) as { project?: Partial<RegisteredProject> };
    const p = body.project;
    if (!p || typeof p.name !== 'string' || typeof p.owner !== 'string' || typeof p.location !== 'string') return { error: 'the answer has no project' };
    return { found: { name: p.name, owner: p.owner, location: p.location, ...(typeof p.stage === 'number' ? { stage: p.stage } : {}) } };
  }
}
