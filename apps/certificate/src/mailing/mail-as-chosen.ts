import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@yichuang/platform';
import { CaseDeliveryRepository } from '../delivery/case-delivery.repository.js';
import { lockCase } from '../delivery/case-lock.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { DispatchShipment } from './dispatch-shipment.js';
import { ShipmentDesk } from './shipment-desk.js';
import { ShipmentsRepository } from './shipments.repository.js';

/**
 * 免费寄递 chosen when applying (`delivery.method = ems` with the address): once the case's documents are issued, they
 * are mailed without a visit to the window — to the recipient and phone given then, else the contact, else the
 * applicant. Only documents never mailed before: mail that came back waits at the desk for the window to decide.
 * Run by the mailing sweep; the shipment is recorded, then dispatched like the window's.
 */
@Injectable()
export class MailAsChosen {
  private readonly logger = new Logger('MailAsChosen');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly cases: CaseDeliveryRepository,
    private readonly shipments: ShipmentsRepository,
    private readonly desk: ShipmentDesk,
    private readonly dispatch: DispatchShipment,
    private readonly clock: Clock,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  async execute(): Promise<number> {
    let mailed = 0;
    for (const caseNo of await this.shipments.toMailAsChosen(this.ds.manager, 20)) {
      const id = await this.ds.transaction(async (tx) => {
        await lockCase(tx, caseNo);
        const c = await this.cases.find(tx, caseNo);
        if (!c || c.delivery.method !== 'ems' || !c.delivery.address || (await this.shipments.openOfCase(tx, caseNo))) return undefined;
        const ids = ((await tx.query(
          `SELECT c.id FROM certificate c WHERE c.case_no = $1 AND c.status = 'issued' AND c.standing = 'valid' AND NOT EXISTS (SELECT 1 FROM shipment_item i WHERE i.certificate_id = c.id) ORDER BY c.item_code, c.no FOR UPDATE`,
          [caseNo],
        )) as { id: string }[]).map((r) => r.id);
        if (ids.length === 0) return undefined;
        const a = c.applicant;
        const shipmentId = randomUUID();
        await this.desk.open(
          tx,
          {
            id: shipmentId,
            caseNo,
            source: 'application',
            recipientName: c.delivery.recipient ?? a.contact?.name ?? a.legalRepresentative?.name ?? a.name,
            recipientPhone: c.delivery.phone ?? a.contact?.phone ?? a.phone,
            address: c.delivery.address,
            authorisedBy: 'applicant',
            authorisationSha256: null,
            requestedAt: this.clock.now(),
            certificateIds: ids,
            leaseMs: this.settings.EMS_REQUEST_LEASE_MS,
          },
          'system',
        );
        return shipmentId;
      });
      if (!id) continue;
      mailed++;
      await this.dispatch.run(id, false);
    }
    if (mailed > 0) this.logger.log(`${mailed} shipment(s) of documents chosen for EMS when applying`);
    return mailed;
  }
}
