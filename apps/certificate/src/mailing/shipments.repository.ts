import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { ShipmentView } from '@yichuang/contracts';
import { maskPhone, SHIPMENT_STATUS_TEXT, TRACKING_STATUS_TEXT, type ShipmentStatus, type TrackingStatus } from '@yichuang/domain';
import type { ProviderTrackingEvent } from './ems-provider.js';

export interface ShipmentRow {
  id: string;
  case_no: string;
  status: ShipmentStatus;
  source: 'application' | 'window';
  recipient_name: string;
  recipient_phone: string;
  address: string;
  authorised_by: string;
  authorisation_sha256: string | null;
  provider: string;
  tracking_no: string | null;
  attempts: number;
  failure: string | null;
  requested_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
  returned_at: Date | null;
}

export interface NewShipment {
  id: string;
  caseNo: string;
  source: 'application' | 'window';
  recipientName: string;
  recipientPhone: string;
  address: string;
  authorisedBy: string;
  authorisationSha256: string | null;
  provider: string;
  requestedAt: Date;
  certificateIds: string[];
  /** how long the requester keeps the sweep away (0: the sweep may take it at once) */
  leaseMs: number;
}

export interface ShippedDocument {
  id: string;
  no: string;
  type_name: string;
  item_name: string;
  status: string;
}

/** The rows of an UPDATE … RETURNING: TypeORM answers `[rows, affected]` for UPDATE and DELETE, rows for the rest. */
function updatedRows<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** Shipments still open (the post has them, or may): at most one per case. */
export const OPEN_SHIPMENT_STATUSES: readonly ShipmentStatus[] = ['requesting', 'created', 'in_transit'];

/**
 * Tables `shipment`, `shipment_item`, `shipment_event`: EMS shipments of result documents and what the post reported.
 * `next_attempt_at` and `next_poll_at` are database time (set from and compared with PostgreSQL's now(), like an SMS's
 * retry time): they only decide when the sweep acts.
 */
@Injectable()
export class ShipmentsRepository {
  async insert(tx: EntityManager, s: NewShipment): Promise<void> {
    await tx.query(
      `WITH s AS (
         INSERT INTO shipment (id, case_no, status, source, recipient_name, recipient_phone, address, authorised_by, authorisation_sha256, provider,
                               attempts, next_attempt_at, requested_at, updated_at)
         VALUES ($1, $2, 'requesting', $3, $4, $5, $6, $7, $8, $9, 0, now() + make_interval(secs => $10::double precision / 1000), $11, $11) RETURNING id)
       INSERT INTO shipment_item (shipment_id, certificate_id) SELECT s.id, unnest($12::uuid[]) FROM s`,
      [s.id, s.caseNo, s.source, s.recipientName, s.recipientPhone, s.address, s.authorisedBy, s.authorisationSha256, s.provider, s.leaseMs, s.requestedAt, s.certificateIds],
    );
  }

  async get(m: EntityManager, id: string, forUpdate = false): Promise<ShipmentRow | undefined> {
    const [r] = (await m.query(`SELECT * FROM shipment WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id])) as ShipmentRow[];
    return r;
  }

  async openOfCase(m: EntityManager, caseNo: string): Promise<ShipmentRow | undefined> {
    const [r] = (await m.query(`SELECT * FROM shipment WHERE case_no = $1 AND status = ANY($2::text[])`, [caseNo, OPEN_SHIPMENT_STATUSES])) as ShipmentRow[];
    return r;
  }

  /** A shipment named by our reference (preferred) or the post's waybill number. */
  async find(m: EntityManager, clientReference: string | undefined, waybillNo: string): Promise<ShipmentRow | undefined> {
    const [r] = (await m.query(
      `SELECT * FROM shipment WHERE ($1::uuid IS NOT NULL AND id = $1::uuid) OR tracking_no = $2 ORDER BY (id = $1::uuid) DESC NULLS LAST LIMIT 1`,
      [clientReference ?? null, waybillNo],
    )) as ShipmentRow[];
    return r;
  }

  async documents(m: EntityManager, shipmentId: string): Promise<ShippedDocument[]> {
    return (await m.query(
      `SELECT c.id, c.no, c.type_name, c.item_name, c.status FROM shipment_item i JOIN certificate c ON c.id = i.certificate_id WHERE i.shipment_id = $1 ORDER BY c.item_code, c.no`,
      [shipmentId],
    )) as ShippedDocument[];
  }

  /**
   * Take a requesting shipment for one call to the post: counts the attempt and keeps other takers away for
   * `leaseMs`. `dueOnly`: only when its time has come (the sweep); the requester itself takes it at once.
   * Answers the attempt number, or undefined when it is not (or no longer) requesting, or not due.
   */
  async claim(m: EntityManager, id: string, leaseMs: number, dueOnly: boolean): Promise<number | undefined> {
    const [r] = updatedRows<{ attempts: number }>(
      await m.query(
        `UPDATE shipment SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
         WHERE id = $1 AND status = 'requesting' AND (NOT $3 OR next_attempt_at <= now()) RETURNING attempts`,
        [id, leaseMs, dueOnly],
      ),
    );
    return r?.attempts;
  }

  /** Requesting shipments whose time has come: the post never confirmed them (a crash, an outage). */
  async dueRequests(m: EntityManager, limit: number): Promise<string[]> {
    const rows = (await m.query(`SELECT id FROM shipment WHERE status = 'requesting' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1`, [limit])) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** The post confirmed: `requesting → created` with the waybill number (once: false when already recorded). */
  async created(tx: EntityManager, id: string, waybillNo: string, at: Date, pollAfterMs: number): Promise<boolean> {
    const rows = updatedRows(
      await tx.query(
        `UPDATE shipment SET status = 'created', tracking_no = $2, updated_at = $3, next_attempt_at = NULL,
                next_poll_at = now() + make_interval(secs => $4::double precision / 1000)
         WHERE id = $1 AND status = 'requesting' RETURNING id`,
        [id, waybillNo, at, pollAfterMs],
      ),
    );
    return rows.length > 0;
  }

  /** The post refused for good: `requesting → failed` (once: false when no longer requesting). */
  async failed(tx: EntityManager, id: string, reason: string, at: Date): Promise<boolean> {
    const rows = updatedRows(
      await tx.query(`UPDATE shipment SET status = 'failed', failure = $2, updated_at = $3, next_attempt_at = NULL WHERE id = $1 AND status = 'requesting' RETURNING id`, [
        id,
        reason.slice(0, 500),
        at,
      ]),
    );
    return rows.length > 0;
  }

  /** The new state after tracking events; `final` shipments are no longer polled. */
  async tracked(tx: EntityManager, id: string, s: { status: ShipmentStatus; at: Date; deliveredAt?: Date; returnedAt?: Date; pollAfterMs: number }): Promise<void> {
    const final = s.status === 'delivered' || s.status === 'returned';
    await tx.query(
      `UPDATE shipment SET status = $2, updated_at = $3, delivered_at = coalesce($4, delivered_at), returned_at = coalesce($5, returned_at),
              next_poll_at = CASE WHEN $6 THEN NULL ELSE now() + make_interval(secs => $7::double precision / 1000) END
       WHERE id = $1`,
      [id, s.status, s.at, s.deliveredAt ?? null, s.returnedAt ?? null, final, s.pollAfterMs],
    );
  }

  /** Record a tracking event once (the post repeats callbacks, and a poll finds what a callback brought). */
  async addEvent(tx: EntityManager, shipmentId: string, e: ProviderTrackingEvent, receivedAt: Date): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO shipment_event (shipment_id, provider_event_id, status, at, location, description, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (shipment_id, provider_event_id) DO NOTHING RETURNING id`,
      [shipmentId, e.eventId, e.status, new Date(e.at), e.location ?? null, e.description ?? null, receivedAt],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Open shipments not heard of for a while, taken for one poll each (the next poll is pushed back at once). */
  async takeDuePolls(m: EntityManager, limit: number, pollAfterMs: number): Promise<{ id: string; tracking_no: string }[]> {
    return updatedRows<{ id: string; tracking_no: string }>(
      await m.query(
        `UPDATE shipment SET next_poll_at = now() + make_interval(secs => $2::double precision / 1000)
         WHERE id IN (SELECT id FROM shipment WHERE status IN ('created','in_transit') AND next_poll_at <= now() ORDER BY next_poll_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, tracking_no`,
        [limit, pollAfterMs],
      ),
    );
  }

  /** Cases that chose EMS when applying, with documents at the desk never mailed and no shipment under way. */
  async toMailAsChosen(m: EntityManager, limit: number): Promise<string[]> {
    const rows = (await m.query(
      `SELECT DISTINCT c.case_no FROM certificate c JOIN case_delivery d ON d.case_no = c.case_no
       WHERE c.status = 'issued' AND c.standing = 'valid' AND d.delivery->>'method' = 'ems' AND coalesce(d.delivery->>'address', '') <> ''
         AND NOT EXISTS (SELECT 1 FROM shipment_item i WHERE i.certificate_id = c.id)
         AND NOT EXISTS (SELECT 1 FROM shipment s WHERE s.case_no = c.case_no AND s.status IN ('requesting','created','in_transit'))
       ORDER BY c.case_no LIMIT $1`,
      [limit],
    )) as { case_no: string }[];
    return rows.map((r) => r.case_no);
  }

  async views(m: EntityManager, caseNo: string): Promise<ShipmentView[]> {
    const rows = (await m.query(
      `SELECT s.*,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'no', c.no, 'typeName', c.type_name) ORDER BY c.item_code), '[]'::jsonb)
                 FROM shipment_item i JOIN certificate c ON c.id = i.certificate_id WHERE i.shipment_id = s.id) AS certificates,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('at', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'status', e.status,
                                                            'location', e.location, 'description', e.description) ORDER BY e.at, e.id), '[]'::jsonb)
                 FROM shipment_event e WHERE e.shipment_id = s.id) AS events
       FROM shipment s WHERE s.case_no = $1 ORDER BY s.requested_at, s.id`,
      [caseNo],
    )) as (ShipmentRow & { certificates: ShipmentView['certificates']; events: { at: string; status: TrackingStatus; location: string | null; description: string | null }[] })[];
    return rows.map((r) => ({
      id: r.id,
      caseNo: r.case_no,
      status: r.status,
      statusText: SHIPMENT_STATUS_TEXT[r.status],
      ...(r.tracking_no ? { trackingNo: r.tracking_no } : {}),
      recipient: r.recipient_name,
      phone: maskPhone(r.recipient_phone),
      address: r.address,
      source: r.source,
      authorisedBy: r.authorised_by,
      ...(r.authorisation_sha256 ? { authorisationSha256: r.authorisation_sha256 } : {}),
      requestedAt: r.requested_at.toISOString(),
      certificates: r.certificates,
      events: r.events.map((e) => ({
        at: e.at,
        status: e.status,
        statusText: TRACKING_STATUS_TEXT[e.status],
        ...(e.location ? { location: e.location } : {}),
        ...(e.description ? { description: e.description } : {}),
      })),
      ...(r.delivered_at ? { deliveredAt: r.delivered_at.toISOString() } : {}),
      ...(r.returned_at ? { returnedAt: r.returned_at.toISOString() } : {}),
      ...(r.failure ? { failure: r.failure } : {}),
    }));
  }
}
