import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PeriodicJob } from '@yichuang/platform';
import { lockCase } from '../delivery/case-lock.js';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { ApplyTracking } from './apply-tracking.js';
import { DispatchShipment } from './dispatch-shipment.js';
import { EmsProvider } from './ems-provider.js';
import { MailAsChosen } from './mail-as-chosen.js';
import { ShipmentsRepository, type ShipmentRow } from './shipments.repository.js';

/**
 * The mailing's durable sweep (`PeriodicJob`, every `EMS_SWEEP_MS` on each instance; its state is in PostgreSQL, so
 * several instances share it safely):
 * 1. shipments chosen when applying whose documents are issued are recorded and sent (`MailAsChosen`);
 * 2. shipments still `requesting` once their lease ran out — the post never confirmed them, or we died before
 *    recording its answer — are dispatched again: the post is asked for the shipment of our id first;
 * 3. the poll fallback: open shipments not heard of for `EMS_POLL_AFTER_MS` are asked for their tracking events;
 * 4. callback nonces older than twice the allowed skew are forgotten.
 */
@Injectable()
export class MailingSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('MailingSweep');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly shipments: ShipmentsRepository,
    private readonly dispatch: DispatchShipment,
    private readonly asChosen: MailAsChosen,
    private readonly provider: EmsProvider,
    private readonly tracking: ApplyTracking,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {
    this.job = new PeriodicJob('MailingSweep', settings.EMS_SWEEP_MS, () => this.run());
  }

  onApplicationBootstrap(): void {
    this.job.start();
    this.job.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async run(): Promise<{ chosen: number; recovered: number; polled: number }> {
    const chosen = await this.asChosen.execute();
    let recovered = 0;
    for (const id of await this.shipments.dueRequests(this.ds.manager, 20)) {
      const s = await this.dispatch.run(id, true);
      if (s && s.status !== 'requesting') recovered++;
    }
    const polled = await this.poll();
    await this.ds.query(`DELETE FROM webhook_nonce WHERE received_at < now() - make_interval(secs => $1::double precision)`, [2 * this.settings.EMS_WEBHOOK_MAX_SKEW_S]);
    return { chosen, recovered, polled };
  }

  /** The poll fallback: what the post knows of shipments we have not heard of for a while. */
  private async poll(): Promise<number> {
    let polled = 0;
    for (const due of await this.shipments.takeDuePolls(this.ds.manager, 20, this.settings.EMS_POLL_AFTER_MS)) {
      try {
        const events = await this.provider.trackingEvents(due.tracking_no);
        if (events.length > 0) {
          await this.ds.transaction(async (tx) => {
            const current = await this.shipments.get(tx, due.id);
            if (!current) return;
            await lockCase(tx, current.case_no);
            await this.tracking.execute(tx, (await this.shipments.get(tx, due.id, true)) as ShipmentRow, events);
          });
        }
        polled++;
      } catch (err) {
        this.logger.warn(`tracking of shipment ${due.id}: ${(err as Error).message}`);
      }
    }
    return polled;
  }
}
