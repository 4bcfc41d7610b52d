import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, EmsTrackingPush, type EmsWebhookReply, type EmsWebhookRequest } from '@yichuang/contracts';
import { Clock, signatureProblem, validatePayload } from '@yichuang/platform';
import { lockCases } from '../delivery/case-lock.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { ApplyTracking } from './apply-tracking.js';
import { DispatchShipment } from './dispatch-shipment.js';
import type { ProviderTrackingEvent } from './ems-provider.js';
import { ShipmentsRepository, type ShipmentRow } from './shipments.repository.js';

/**
 * The post's tracking callback (`POST /api/v1/ems/webhook`, public at the gateway, which passes the raw body and the
 * signature headers on): accepted only when signed with our app key and secret over the exact body, with a timestamp
 * within `EMS_WEBHOOK_MAX_SKEW_S` of our real time, and a nonce not seen before (table `webhook_nonce`, kept twice the
 * skew) — a replayed callback is refused. Then, in ONE transaction with the nonce, every event is applied to its
 * shipment (named by our reference or the waybill number; a shipment still `requesting` — we died before recording
 * the post's answer — is completed with the waybill first). Events of waybills that are not ours are ignored.
 */
@Injectable()
export class ReceiveWebhook {
  private readonly logger = new Logger('EmsWebhook');
  /** real time: the post signs with its clock, not with ours (which may be moved for training and tests) */
  private readonly realTime = new Clock();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly shipments: ShipmentsRepository,
    private readonly dispatch: DispatchShipment,
    private readonly tracking: ApplyTracking,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  async execute(req: EmsWebhookRequest): Promise<EmsWebhookReply> {
    const problem = signatureProblem(
      { appKey: this.settings.EMS_APP_KEY, secret: this.settings.EMS_APP_SECRET },
      { appKey: req.appKey, timestamp: req.timestamp, nonce: req.nonce, body: req.body, signature: req.signature },
      this.realTime.now().getTime(),
      this.settings.EMS_WEBHOOK_MAX_SKEW_S,
    );
    if (problem) {
      this.logger.warn(`EMS callback refused: ${problem}`);
      throw new AppError('UNAUTHORIZED', `callback refused: ${problem.replace(/_/g, ' ')}`, [{ problem }]);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.body);
    } catch {
      throw new AppError('VALIDATION_FAILED', '1 problem(s) in the request', [{ field: 'body', problem: 'the body is not JSON' }]);
    }
    const { value, problems } = await validatePayload(EmsTrackingPush, parsed);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the request`, problems);

    return this.ds.transaction(async (tx) => {
      const fresh = (await tx.query(`INSERT INTO webhook_nonce (nonce) VALUES ($1) ON CONFLICT DO NOTHING RETURNING nonce`, [req.nonce])) as unknown[];
      if (fresh.length === 0) {
        this.logger.warn('EMS callback refused: nonce seen before (replay)');
        throw new AppError('UNAUTHORIZED', 'callback refused: replayed nonce', [{ problem: 'replayed_nonce' }]);
      }
      const groups = new Map<string, { shipment: ShipmentRow; events: ProviderTrackingEvent[] }>();
      let ignored = 0;
      for (const e of value.events) {
        const s = await this.shipments.find(tx, e.clientReference, e.waybillNo);
        if (!s || (s.tracking_no !== null && s.tracking_no !== e.waybillNo)) {
          ignored++;
          continue;
        }
        const g = groups.get(s.id) ?? { shipment: s, events: [] };
        g.events.push({
          eventId: e.eventId,
          waybillNo: e.waybillNo,
          status: e.status,
          at: e.at,
          ...(e.clientReference ? { clientReference: e.clientReference } : {}),
          ...(e.location ? { location: e.location } : {}),
          ...(e.description ? { description: e.description } : {}),
        });
        groups.set(s.id, g);
      }
      await lockCases(tx, [...groups.values()].map((g) => g.shipment.case_no));
      let accepted = 0;
      let duplicates = 0;
      for (const { shipment, events } of [...groups.values()].sort((a, b) => (a.shipment.id < b.shipment.id ? -1 : 1))) {
        let s = (await this.shipments.get(tx, shipment.id, true)) as ShipmentRow;
        if (s.status === 'requesting') {
          await this.dispatch.recordCreated(tx, s, events[0]?.waybillNo ?? '');
          s = (await this.shipments.get(tx, shipment.id, true)) as ShipmentRow;
        }
        const r = await this.tracking.execute(tx, s, events);
        accepted += r.accepted;
        duplicates += r.duplicates;
      }
      return { accepted, duplicates, ignored };
    });
  }
}
