import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WorkingCalendar } from '@yichuang/domain';
import { CalendarClient, PeriodicJob } from '@yichuang/platform';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { RemindWaiting } from '../waiting/remind-waiting.js';
import { SweepDeliveryClocks } from './sweep-delivery-clocks.js';

/** Advisory-lock key of the sweep: one at a time across every instance of the service. */
const SWEEP_LOCK = 'certificate.delivery.sweep';

/**
 * The delivery's durable sweep (`PeriodicJob`, every `DELIVERY_SWEEP_MS` on each instance, one at a time across
 * them): Art. 44 alarms and the pick-up reminders, in one transaction with the calendar fetched once.
 */
@Injectable()
export class DeliverySweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliverySweep');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarClient,
    private readonly clocks: SweepDeliveryClocks,
    private readonly reminders: RemindWaiting,
    @Inject(DELIVERY_SETTINGS) settings: DeliverySettings,
  ) {
    this.job = new PeriodicJob('DeliverySweep', settings.DELIVERY_SWEEP_MS, () => this.run());
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** Raise what is due and send the reminders due: how many of each. */
  async run(): Promise<{ raised: number; reminders: number }> {
    const calendar = await this.workingCalendar();
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [SWEEP_LOCK]);
      const raised = await this.clocks.execute(tx, calendar);
      const reminders = await this.reminders.execute(tx, calendar);
      return { raised, reminders };
    });
  }

  /** The admin's calendar; none when never fetched (days then count as calendar days, as review's alarms do). */
  private async workingCalendar(): Promise<WorkingCalendar | undefined> {
    try {
      return await this.calendar.calendar();
    } catch (err) {
      this.logger.warn(`no working-day calendar from admin, delivery days counted as calendar days: ${(err as Error).message}`);
      return undefined;
    }
  }
}
