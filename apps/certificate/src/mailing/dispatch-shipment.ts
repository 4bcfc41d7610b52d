import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Events } from '@yichuang/contracts';
import { Clock, Outbox } from '@yichuang/platform';
import { lockCase } from '../delivery/case-lock.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { DeliveryAlarmsRepository } from '../deadline/delivery-alarms.repository.js';
import { EmsProvider, EmsRefusedError, type ProviderShipment } from './ems-provider.js';
import { ShipmentDesk } from './shipment-desk.js';
import { ShipmentsRepository, type ShipmentRow } from './shipments.repository.js';

/**
 * Asks the post for a shipment recorded `requesting`, and records its answer. The row was committed before (with our
 * id), so whatever happens between the post's answer and our commit — the process killed, the database gone — the
 * next attempt (the window's retry with its Idempotency-Key, or the sweep once the lease ran out) FIRST asks the
 * post for the shipment of our id and finds it, instead of creating a second one; the post is also idempotent by
 * that reference. Every attempt is counted on the row (`claim`), and only the first one creates without asking.
 */
@Injectable()
export class DispatchShipment {
  private readonly logger = new Logger('DispatchShipment');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly shipments: ShipmentsRepository,
    private readonly desk: ShipmentDesk,
    private readonly provider: EmsProvider,
    private readonly alarms: DeliveryAlarmsRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  /** One attempt; answers the shipment as it stands after it. `dueOnly`: the sweep, which waits for the lease. */
  async run(id: string, dueOnly: boolean): Promise<ShipmentRow | undefined> {
    const attempt = await this.shipments.claim(this.ds.manager, id, this.settings.EMS_REQUEST_LEASE_MS, dueOnly);
    if (attempt === undefined) return this.shipments.get(this.ds.manager, id);
    const s = await this.shipments.get(this.ds.manager, id);
    if (!s) return undefined;
    let answer: ProviderShipment;
    try {
      // not the first attempt: an earlier one may have reached the post before we could record its answer
      const known = attempt > 1 ? await this.provider.findShipment(id) : null;
      if (known) this.logger.log(`shipment ${id}: the post already has it (${known.waybillNo}), attempt ${attempt}`);
      answer = known ?? (await this.provider.createShipment(await this.order(s)));
    } catch (err) {
      if (err instanceof EmsRefusedError) {
        this.logger.warn(`shipment ${id} of case ${s.case_no}: refused by the post (${err.status})`);
        await this.refused(s, err.message);
      } else {
        this.logger.warn(`shipment ${id} of case ${s.case_no}: ${(err as Error).message}; tried again in ${this.settings.EMS_REQUEST_LEASE_MS} ms`);
      }
      return this.shipments.get(this.ds.manager, id);
    }
    await this.pauseForTest(id);
    await this.ds.transaction(async (tx) => {
      await lockCase(tx, s.case_no);
      await this.recordCreated(tx, s, answer.waybillNo);
    });
    return this.shipments.get(this.ds.manager, id);
  }

  /**
   * `requesting → created` with the waybill number, and `shipment.created` (waybill on the case's timeline, SMS) in the
   * same transaction; nothing when another attempt recorded it first. The caller holds the case's lock.
   */
  async recordCreated(tx: EntityManager, s: ShipmentRow, waybillNo: string): Promise<void> {
    const now = this.clock.now();
    if (!(await this.shipments.created(tx, s.id, waybillNo, now, this.settings.EMS_POLL_AFTER_MS))) return;
    const docs = await this.shipments.documents(tx, s.id);
    await this.outbox.add(tx, Events.shipmentCreated, {
      caseNo: s.case_no,
      shipmentId: s.id,
      trackingNo: waybillNo,
      certificates: docs.map((d) => ({ id: d.id, no: d.no, typeName: d.type_name })),
      createdAt: now.toISOString(),
    });
    this.logger.log(`shipment ${s.id} of case ${s.case_no}: waybill ${waybillNo}`);
  }

  /** The post will not take it: the documents wait at the desk again and the window is told (an alarm). */
  private async refused(s: ShipmentRow, reason: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await lockCase(tx, s.case_no);
      const now = this.clock.now();
      if (!(await this.shipments.failed(tx, s.id, reason, now))) return;
      await this.desk.backToDesk(tx, s.id);
      const alarm = await this.alarms.raiseForShipment(tx, {
        kind: 'mail_failed',
        caseNo: s.case_no,
        shipmentId: s.id,
        message: `办件${s.case_no}的EMS寄递下单被邮政拒绝，结果文书仍在统一出件窗口，请核对收件地址后重新申请寄递或通知申请人领取`,
        at: now,
      });
      if (alarm) await this.outbox.add(tx, Events.deliveryAlarmRaised, alarm);
    });
  }

  private async order(s: ShipmentRow) {
    const docs = await this.shipments.documents(this.ds.manager, s.id);
    return {
      clientReference: s.id,
      sender: { name: this.settings.EMS_SENDER_NAME, phone: this.settings.EMS_SENDER_PHONE, address: this.settings.EMS_SENDER_ADDRESS },
      recipient: { name: s.recipient_name, phone: s.recipient_phone, address: s.address },
      contents: docs.map((d) => ({ no: d.no, name: d.type_name })),
    };
  }

  /**
   * TEST ONLY (EMS_TEST_PAUSE_AFTER_PROVIDER=true, refused in production): stop here for ever — after the post's
   * answer, before our commit — so that an end-to-end test can SIGKILL the process exactly in that gap.
   */
  private async pauseForTest(id: string): Promise<void> {
    if (this.settings.EMS_TEST_PAUSE_AFTER_PROVIDER !== 'true' || this.settings.NODE_ENV === 'production') return;
    this.logger.warn(`TEST HOOK: shipment ${id}: the post answered; pausing before the commit (EMS_TEST_PAUSE_AFTER_PROVIDER)`);
    await new Promise<never>(() => undefined);
  }
}
