import type { TrackingStatus } from '@yichuang/domain';

/** A shipment order to the post. `clientReference` is OUR shipment id: the post keeps one shipment per reference. */
export interface ShipmentOrder {
  clientReference: string;
  sender: { name: string; phone: string; address: string };
  /** personal data: never logged */
  recipient: { name: string; phone: string; address: string };
  /** what is in the envelope: the result documents, by number and name */
  contents: { no: string; name: string }[];
}

/** The post's shipment. */
export interface ProviderShipment {
  waybillNo: string;
  clientReference: string;
}

/** One tracking event of the post. `eventId` is unique per waybill (the post repeats callbacks). */
export interface ProviderTrackingEvent {
  eventId: string;
  waybillNo: string;
  clientReference?: string;
  status: TrackingStatus;
  /** ISO 8601 */
  at: string;
  location?: string;
  description?: string;
}

/** The post refused the request for good (4xx: a bad address, a refused recipient): retrying will not help. */
export class EmsRefusedError extends Error {
  override readonly name = 'EmsRefusedError';
  /** the post's HTTP status (for logs: the message may quote the post's answer, which may hold the address) */
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The post did not answer usefully after every try (5xx, 429, timeouts, network, a malformed answer). */
export class EmsUnavailableError extends Error {
  override readonly name = 'EmsUnavailableError';
}

/**
 * The EMS adapter (免费寄递). Implementations: `HttpEmsProvider` (the post's signed HTTP JSON API) and
 * `DevEmsProvider` (in memory, for `npm start`). Every call is bounded in time; retries are the adapter's.
 */
export abstract class EmsProvider {
  abstract readonly name: string;
  /** Create the shipment, or answer the one the post already has for `order.clientReference` (idempotent). */
  abstract createShipment(order: ShipmentOrder): Promise<ProviderShipment>;
  /** The post's shipment for our reference, or null when it has none (a crash before the post got our request). */
  abstract findShipment(clientReference: string): Promise<ProviderShipment | null>;
  /** Every tracking event of a waybill so far (the poll fallback when callbacks do not come). */
  abstract trackingEvents(waybillNo: string): Promise<ProviderTrackingEvent[]>;
}
