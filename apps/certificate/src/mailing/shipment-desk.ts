import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DELIVERY_METHOD_TEXT, maskName } from '@yichuang/domain';
import { EmsProvider } from './ems-provider.js';
import { ShipmentsRepository, type NewShipment } from './shipments.repository.js';

/**
 * Documents leave the pick-up desk for the post (and come back to it): the shipment row with its documents,
 * `issued → mailed`, and the audit rows — inside the caller's transaction, under the case's lock.
 */
@Injectable()
export class ShipmentDesk {
  constructor(
    private readonly shipments: ShipmentsRepository,
    private readonly provider: EmsProvider,
  ) {}

  /** Record a shipment `requesting` (committed BEFORE the post is asked, so a crash loses nothing). */
  async open(tx: EntityManager, s: Omit<NewShipment, 'provider'>, actor: string): Promise<void> {
    await this.shipments.insert(tx, { ...s, provider: this.provider.name });
    await tx.query(`UPDATE certificate SET status = 'mailed' WHERE id = ANY($1::uuid[]) AND status = 'issued'`, [s.certificateIds]);
    await tx.query(`INSERT INTO certificate_event (certificate_id, at, actor, action, note) SELECT unnest($1::uuid[]), $2, $3, 'mailed', $4`, [
      s.certificateIds,
      s.requestedAt,
      actor,
      `${DELIVERY_METHOD_TEXT.ems}，收件人${maskName(s.recipientName)}`,
    ]);
  }

  /** The documents of a shipment that did not reach the applicant wait at the desk again (`mailed → issued`). */
  async backToDesk(tx: EntityManager, shipmentId: string): Promise<void> {
    await tx.query(
      `UPDATE certificate SET status = 'issued' WHERE status = 'mailed' AND id IN (SELECT certificate_id FROM shipment_item WHERE shipment_id = $1)`,
      [shipmentId],
    );
  }
}
