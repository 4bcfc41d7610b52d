import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, type MailCaseRequest, type MailReply } from '@yichuang/contracts';
import { Clock, Idempotency, requireActor } from '@yichuang/platform';
import { lockCase } from '../delivery/case-lock.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { DispatchShipment } from './dispatch-shipment.js';
import { ShipmentDesk } from './shipment-desk.js';
import { ShipmentsRepository } from './shipments.repository.js';

/**
 * 免费寄递 asked for at the window (`POST /cases/{caseNo}/mail`): the applicant signs the mailing authorisation, the
 * clerk records it with the recipient, phone and address; every document of the case waiting at the desk goes.
 *
 * 1. One transaction, under the case's lock: the shipment `requesting` with its documents (`issued → mailed`: a
 *    collection is refused from now on), the authorisation (who recorded it, the scan's hash) — committed, with the
 *    caller's Idempotency-Key answering this shipment.
 * 2. The post is asked with OUR shipment id as its client reference (`DispatchShipment`), and its waybill number
 *    recorded with `shipment.created` (timeline, SMS).
 *
 * Mailing and pick-up exclude each other: nothing at the desk (every document collected or already in the post) is
 * ALREADY_COLLECTED (409); a shipment under way with other details too; the same request again answers that
 * shipment. The post refusing the order is UNPROCESSABLE (422, the documents stay at the desk); the post not
 * answering is SERVICE_UNAVAILABLE (503) with the shipment recorded: the sweep finishes it.
 */
@Injectable()
export class RequestMailing {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly shipments: ShipmentsRepository,
    private readonly desk: ShipmentDesk,
    private readonly dispatch: DispatchShipment,
    private readonly idempotency: Idempotency,
    private readonly clock: Clock,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  async execute(req: MailCaseRequest): Promise<MailReply> {
    const actor = requireActor('clerk');
    const recipient = req.recipient.trim();
    const address = req.address.trim();
    const problems = [
      ...(recipient.length === 0 ? [{ field: 'recipient', problem: 'recipient must not be blank' }] : []),
      ...(address.length < 5 ? [{ field: 'address', problem: 'address must be at least 5 characters' }] : []),
    ];
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the request`, problems);

    const { shipmentId } = await this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'certificate.mail', req, async () => {
        await lockCase(tx, req.caseNo);
        const open = await this.shipments.openOfCase(tx, req.caseNo);
        if (open) {
          if (open.recipient_name === recipient && open.recipient_phone === req.phone && open.address === address) return { shipmentId: open.id };
          throw new AppError('ALREADY_COLLECTED', `a shipment of case ${req.caseNo} is under way (${open.tracking_no ?? 'requested'})`, [
            { problem: 'shipment under way', shipmentId: open.id, ...(open.tracking_no ? { trackingNo: open.tracking_no } : {}) },
          ]);
        }
        const certs = (await tx.query(`SELECT id, status, standing FROM certificate WHERE case_no = $1 ORDER BY item_code, no FOR UPDATE`, [req.caseNo])) as {
          id: string;
          status: string;
          standing: string;
        }[];
        if (certs.length === 0) {
          const [known] = (await tx.query(`SELECT 1 FROM case_delivery WHERE case_no = $1`, [req.caseNo])) as unknown[];
          if (!known) throw AppError.notFound('case');
          throw new AppError('INVALID_STATE', `case ${req.caseNo} has no result document issued yet`);
        }
        // a document that no longer stands (revoked, withdrawn, superseded) is not mailed
        const waiting = certs.filter((c) => c.status === 'issued' && c.standing === 'valid').map((c) => c.id);
        if (waiting.length === 0) throw new AppError('ALREADY_COLLECTED', `every result document of case ${req.caseNo} is collected or in the post`);
        const id = randomUUID();
        await this.desk.open(
          tx,
          {
            id,
            caseNo: req.caseNo,
            source: 'window',
            recipientName: recipient,
            recipientPhone: req.phone,
            address,
            authorisedBy: actor.username,
            authorisationSha256: req.authorisationSha256?.toLowerCase() ?? null,
            requestedAt: this.clock.now(),
            certificateIds: waiting,
            leaseMs: this.settings.EMS_REQUEST_LEASE_MS,
          },
          actor.username,
        );
        return { shipmentId: id };
      }),
    );

    const s = await this.dispatch.run(shipmentId, false);
    if (!s) throw new Error(`shipment ${shipmentId} not found`);
    if (s.status === 'failed') {
      throw new AppError('UNPROCESSABLE', `the post refused the shipment; the documents stay at the pick-up desk`, [{ field: 'address', problem: s.failure ?? 'refused by the post' }]);
    }
    if (s.status === 'requesting' || !s.tracking_no) {
      throw new AppError('SERVICE_UNAVAILABLE', 'the post did not answer; the shipment is recorded and will be finished automatically', [
        { problem: 'shipment recorded, waiting for the post', shipmentId },
      ]);
    }
    return { shipmentId, trackingNo: s.tracking_no, status: s.status };
  }
}
