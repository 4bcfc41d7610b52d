import { Inject, Injectable } from '@nestjs/common';
import type { ExchangeCounterpart } from '@yichuang/contracts';
import { Clock, noAnswer, postSigned, signedHeaders, type PushOutcome } from '@yichuang/platform';
import { counterpartConfig, type CounterpartConfig, type ExchangeEnv } from '../config.js';
import { EXCHANGE_ENV } from '../tokens.js';
import { wireBody, type ExchangeRecord } from './records.js';

/** The provincial platforms, behind an interface: the HTTP adapter below, or another province's. */
export abstract class Province {
  /** false: the counterpart has no URL configured, its records wait */
  abstract enabled(counterpart: ExchangeCounterpart): boolean;
  abstract push(record: ExchangeRecord): Promise<PushOutcome>;
  /** the ids of the records the counterpart holds whose step happened on `date` (China time) */
  abstract idsOn(counterpart: ExchangeCounterpart, date: string): Promise<string[]>;
}

/**
 * The common shape of provincial government-service APIs, per counterpart (PROVINCE_ZWFW_*, PROVINCE_GCJS_*):
 * `POST {url}` with the record as JSON (field names by the counterpart's mapping; answer classified by libs/platform
 * `postSigned`: 2xx and 409 accepted — the province counts a repeated id once —, 5xx, 429, timeout, network error
 * retry, other 4xx rejected) and `GET {url}?date=YYYY-MM-DD` for the ids it holds of a day, each signed (`x-app-key`,
 * `x-timestamp`, `x-nonce`, `x-signature` = HMAC-SHA256 of app id, timestamp, nonce and the exact body, empty for a
 * GET), a fresh nonce per try. Timestamps are real time (a `Clock` never moved): the province compares them with its own.
 */
@Injectable()
export class HttpProvince extends Province {
  private readonly realTime = new Clock();
  private readonly config: Record<ExchangeCounterpart, CounterpartConfig>;

  constructor(@Inject(EXCHANGE_ENV) env: ExchangeEnv) {
    super();
    this.config = { zwfw: counterpartConfig(env, 'zwfw'), gcjs: counterpartConfig(env, 'gcjs'), dzjc: counterpartConfig(env, 'dzjc') };
  }

  enabled(counterpart: ExchangeCounterpart): boolean {
    return !!this.config[counterpart].url;
  }

  async push(record: ExchangeRecord): Promise<PushOutcome> {
    const c = this.config[record.counterpart];
    if (!c.url) return { outcome: 'retry', error: `PROVINCE_${record.counterpart.toUpperCase()}_URL is not set` };
    return postSigned(c.url, { appKey: c.appId, secret: c.secret }, JSON.stringify(wireBody(record, c.fields)), c.timeoutMs, this.realTime.now().getTime());
  }

  async idsOn(counterpart: ExchangeCounterpart, date: string): Promise<string[]> {
    const c = this.config[counterpart];
    if (!c.url) throw new Error(`PROVINCE_${counterpart.toUpperCase()}_URL is not set`);
    const url = new URL(c.url);
    url.searchParams.set('date', date);
    let res: Response;
    try {
      res = await fetch(url, { headers: signedHeaders(c.appId, c.secret, '', this.realTime.now().getTime()), signal: AbortSignal.timeout(c.timeoutMs) });
    } catch (err) {
      throw new Error(noAnswer(err));
    }
    if (!res.ok) throw new Error(`HTTP ${res.status} ${(await res.text().catch(() => '')).slice(0, 200)}`);
    const answer = (await res.json()) as { ids?: unknown };
    if (!Array.isArray(answer.ids) || answer.ids.some((x) => typeof x !== 'string')) throw new Error('the answer has no list of ids');
    return answer.ids as string[];
  }
}
