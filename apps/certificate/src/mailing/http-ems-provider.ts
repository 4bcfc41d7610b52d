import { Inject, Injectable, Logger } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EmsTrackingPush } from '@yichuang/contracts';
import { Clock, signedHeaders } from '@yichuang/platform';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { EmsProvider, EmsRefusedError, EmsUnavailableError, type ProviderShipment, type ProviderTrackingEvent, type ShipmentOrder } from './ems-provider.js';

/**
 * The post's open platform over signed HTTP JSON (`EMS_PROVIDER=http`, `EMS_BASE_URL`):
 *
 * | call | request | answer |
 * |---|---|---|
 * | create | `POST {base}/v1/waybills` `ShipmentOrder` | `200/201 {waybillNo, clientReference}`; the same `clientReference` again answers the same waybill |
 * | find | `GET {base}/v1/waybills?clientReference={our id}` | `200 {waybillNo, clientReference}`, `404` when the post has none |
 * | tracking | `GET {base}/v1/waybills/{waybillNo}/events` | `200 {events: [{eventId, waybillNo, clientReference?, status, at, location?, description?}]}` |
 *
 * Every request is signed (`x-app-key`, `x-timestamp`, `x-nonce`, `x-signature` = HMAC-SHA256 of key, timestamp,
 * nonce and the exact body; libs/platform `signedHeaders`) with a fresh nonce and timestamp per try. A 5xx, 429,
 * timeout (`EMS_TIMEOUT_MS`) or network error is tried again up to `EMS_MAX_ATTEMPTS` times with doubling back-off
 * (`EMS_RETRY_BASE_MS`); a 4xx is the post's final word (`EmsRefusedError`). Timestamps are real time (a `Clock`
 * never moved): the post compares them with its own clock.
 */
@Injectable()
export class HttpEmsProvider extends EmsProvider {
  readonly name = 'http';
  private readonly logger = new Logger('HttpEmsProvider');
  /** real time for the signatures' timestamps (the service's Clock may be moved for training and tests) */
  private readonly realTime = new Clock();
  private readonly base: string;

  constructor(@Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings) {
    super();
    if (!settings.EMS_BASE_URL) throw new Error('EMS_BASE_URL is required with EMS_PROVIDER=http');
    this.base = settings.EMS_BASE_URL.replace(/\/+$/, '');
  }

  async createShipment(order: ShipmentOrder): Promise<ProviderShipment> {
    const res = await this.call('POST', '/v1/waybills', JSON.stringify(order));
    if (res.status !== 200 && res.status !== 201) throw new EmsRefusedError(`the post refused the shipment: ${res.status} ${brief(res.body)}`, res.status);
    return shipmentOf(res.body, order.clientReference);
  }

  async findShipment(clientReference: string): Promise<ProviderShipment | null> {
    const res = await this.call('GET', `/v1/waybills?clientReference=${encodeURIComponent(clientReference)}`, '');
    if (res.status === 404) return null;
    if (res.status !== 200) throw new EmsRefusedError(`the post refused the lookup: ${res.status} ${brief(res.body)}`, res.status);
    return shipmentOf(res.body, clientReference);
  }

  async trackingEvents(waybillNo: string): Promise<ProviderTrackingEvent[]> {
    const res = await this.call('GET', `/v1/waybills/${encodeURIComponent(waybillNo)}/events`, '');
    if (res.status === 404) return [];
    if (res.status !== 200) throw new EmsRefusedError(`the post refused the tracking query: ${res.status} ${brief(res.body)}`, res.status);
    const body = res.body as { events?: unknown };
    if (!Array.isArray(body?.events) || body.events.length === 0) return [];
    const push = plainToInstance(EmsTrackingPush, { events: body.events });
    const errors = await validate(push);
    if (errors.length > 0) throw new EmsUnavailableError('the post answered tracking events that are not well-formed');
    return push.events.map((e) => ({
      eventId: e.eventId,
      waybillNo: e.waybillNo,
      status: e.status,
      at: e.at,
      ...(e.clientReference ? { clientReference: e.clientReference } : {}),
      ...(e.location ? { location: e.location } : {}),
      ...(e.description ? { description: e.description } : {}),
    }));
  }

  /** One signed call with its retries: the final answer with status < 500 (and not 429), or EmsUnavailableError. */
  private async call(method: 'GET' | 'POST', path: string, body: string): Promise<{ status: number; body: unknown }> {
    const attempts = this.settings.EMS_MAX_ATTEMPTS;
    let last = 'no answer';
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) await sleep(this.settings.EMS_RETRY_BASE_MS * 2 ** (attempt - 2));
      try {
        const headers = signedHeaders(this.settings.EMS_APP_KEY, this.settings.EMS_APP_SECRET, body, this.realTime.now().getTime());
        const res = await fetch(`${this.base}${path}`, {
          method,
          headers: { ...headers, accept: 'application/json', ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) },
          ...(method === 'POST' ? { body } : {}),
          signal: AbortSignal.timeout(this.settings.EMS_TIMEOUT_MS),
        });
        const text = await res.text();
        if (res.status >= 500 || res.status === 429) {
          last = `${res.status}`;
          this.logger.warn(`${method} ${path.split('?')[0]}: ${res.status} (try ${attempt} of ${attempts})`);
          continue;
        }
        return { status: res.status, body: parse(text) };
      } catch (err) {
        last = (err as Error).name === 'TimeoutError' ? `timeout after ${this.settings.EMS_TIMEOUT_MS} ms` : (err as Error).message;
        this.logger.warn(`${method} ${path.split('?')[0]}: ${last} (try ${attempt} of ${attempts})`);
      }
    }
    throw new EmsUnavailableError(`the post did not answer ${method} ${path.split('?')[0]} after ${attempts} tries: ${last}`);
  }
}

function shipmentOf(body: unknown, clientReference: string): ProviderShipment {
  const b = body as { waybillNo?: unknown; clientReference?: unknown } | null;
  if (typeof b?.waybillNo !== 'string' || !/^[A-Za-z0-9]{6,40}$/.test(b.waybillNo)) throw new EmsUnavailableError('the post answered without a waybill number');
  if (b.clientReference !== undefined && b.clientReference !== clientReference) throw new EmsUnavailableError('the post answered a shipment of another reference');
  return { waybillNo: b.waybillNo, clientReference };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

/** At most 200 characters of an answer, for an error message (the post's answers carry no personal data of ours). */
function brief(body: unknown): string {
  return (typeof body === 'string' ? body : JSON.stringify(body) ?? '').slice(0, 200);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
