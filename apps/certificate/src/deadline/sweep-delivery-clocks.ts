import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Events } from '@yichuang/contracts';
import type { WorkingCalendar } from '@yichuang/domain';
import { Clock, Outbox } from '@yichuang/platform';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { deliveryDueDate, remainingWorkingDays } from '../delivery/working-days.js';
import { DeliveryAlarmsRepository } from './delivery-alarms.repository.js';
import { DeliveryClocksRepository } from './delivery-clocks.repository.js';

/**
 * 电子监察 of Art. 44 (颁发、送达 within ten working days of the decision), as review's task alarms: yellow when a
 * running clock has `DELIVERY_YELLOW_AT_OR_BELOW` working days or fewer left, red once overdue. The calendar is
 * asked once per distinct decision date of the running clocks (its due date, then the days left; never per
 * document); one INSERT … SELECT per level raises
 * the alarms (unique per case, item and level: once each, whichever instance sweeps, however often), and their
 * `certificate.alarm.raised` events go into the outbox in the same transaction. Durable: stored dates are compared
 * with today, so a sweep after a restart raises what was missed.
 */
@Injectable()
export class SweepDeliveryClocks {
  private readonly logger = new Logger('DeliveryClocks');

  constructor(
    private readonly clocks: DeliveryClocksRepository,
    private readonly alarms: DeliveryAlarmsRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  async execute(tx: EntityManager, calendar: WorkingCalendar | undefined): Promise<number> {
    const today = this.clock.today();
    const now = this.clock.now();
    const yellow = { decided: [] as string[], due: [] as string[], remaining: [] as number[] };
    const red = { decided: [] as string[], due: [] as string[], remaining: [] as number[] };
    for (const decided of await this.clocks.openDecisionDates(tx)) {
      const due = deliveryDueDate(calendar, decided).date;
      const left = remainingWorkingDays(calendar, today, due).days;
      const slice = left < 0 ? red : left <= this.settings.DELIVERY_YELLOW_AT_OR_BELOW ? yellow : undefined;
      slice?.decided.push(decided);
      slice?.due.push(due);
      slice?.remaining.push(left);
    }
    const raised = [...(await this.alarms.raiseForClocks(tx, 'red', red, now)), ...(await this.alarms.raiseForClocks(tx, 'yellow', yellow, now))];
    await this.outbox.addMany(tx, raised.map((data) => ({ def: Events.deliveryAlarmRaised, data })));
    if (raised.length > 0) this.logger.warn(`${raised.length} Art. 44 delivery alarm(s) raised (today ${today})`);
    return raised.length;
  }
}
