import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Events } from '@yichuang/contracts';
import type { ShipmentStatus } from '@yichuang/domain';
import { Clock, Outbox } from '@yichuang/platform';
import { allDelivered } from '../delivery/delivery-state.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { DeliveryAlarmsRepository } from '../deadline/delivery-alarms.repository.js';
import { DeliveryClocksRepository } from '../deadline/delivery-clocks.repository.js';
import type { ProviderTrackingEvent } from './ems-provider.js';
import { ShipmentDesk } from './shipment-desk.js';
import { ShipmentsRepository, type ShipmentRow } from './shipments.repository.js';

const MOVING: readonly ShipmentStatus[] = ['created', 'in_transit'];

/**
 * The post's tracking events of one shipment (from its signed callback or the poll fallback), in the caller's
 * transaction under the case's lock, the shipment row locked. Each event is recorded once (the post repeats itself)
 * and published as `shipment.tracked` (the case's timeline). While the shipment moves:
 * - `delivered` closes the delivery: the Art. 44 clocks of its documents stop at the time of delivery, and the event
 *   says whether the whole case is now delivered (intake then moves the case on, as after a collection);
 * - `returned` puts the documents back at the pick-up desk (`mailed → issued`) and tells the window (an alarm);
 * - anything else is `in_transit`.
 * Events after the end (delivered, returned) are recorded and published but change nothing.
 */
@Injectable()
export class ApplyTracking {
  private readonly logger = new Logger('Tracking');

  constructor(
    private readonly shipments: ShipmentsRepository,
    private readonly desk: ShipmentDesk,
    private readonly clocks: DeliveryClocksRepository,
    private readonly alarms: DeliveryAlarmsRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  async execute(tx: EntityManager, shipment: ShipmentRow, events: ProviderTrackingEvent[]): Promise<{ accepted: number; duplicates: number }> {
    const now = this.clock.now();
    let status = shipment.status;
    let accepted = 0;
    let duplicates = 0;
    const sorted = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.eventId < b.eventId ? -1 : 1));
    for (const e of sorted) {
      if (!(await this.shipments.addEvent(tx, shipment.id, e, now))) {
        duplicates++;
        continue;
      }
      accepted++;
      const at = new Date(e.at);
      let done = false;
      if (MOVING.includes(status)) {
        if (e.status === 'delivered') {
          status = 'delivered';
          await this.shipments.tracked(tx, shipment.id, { status, at: now, deliveredAt: at, pollAfterMs: this.settings.EMS_POLL_AFTER_MS });
          await this.clocks.stop(tx, (await this.shipments.documents(tx, shipment.id)).map((d) => d.id), at);
          done = await allDelivered(tx, shipment.case_no);
        } else if (e.status === 'returned') {
          status = 'returned';
          await this.shipments.tracked(tx, shipment.id, { status, at: now, returnedAt: at, pollAfterMs: this.settings.EMS_POLL_AFTER_MS });
          await this.desk.backToDesk(tx, shipment.id);
          const alarm = await this.alarms.raiseForShipment(tx, {
            kind: 'mail_returned',
            caseNo: shipment.case_no,
            shipmentId: shipment.id,
            message: `办件${shipment.case_no}的邮件${e.waybillNo}已退回，结果文书回到统一出件窗口待领取，请联系申请人`,
            at: now,
          });
          if (alarm) await this.outbox.add(tx, Events.deliveryAlarmRaised, alarm);
        } else {
          status = 'in_transit';
          await this.shipments.tracked(tx, shipment.id, { status, at: now, pollAfterMs: this.settings.EMS_POLL_AFTER_MS });
        }
      }
      await this.outbox.add(tx, Events.shipmentTracked, {
        caseNo: shipment.case_no,
        shipmentId: shipment.id,
        trackingNo: shipment.tracking_no ?? e.waybillNo,
        status: e.status,
        at: at.toISOString(),
        ...(e.location ? { location: e.location } : {}),
        ...(e.description ? { description: e.description } : {}),
        allDelivered: done,
      });
    }
    if (accepted > 0) this.logger.log(`shipment ${shipment.id} of case ${shipment.case_no}: ${accepted} tracking event(s), now ${status}`);
    return { accepted, duplicates };
  }
}
