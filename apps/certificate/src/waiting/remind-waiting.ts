import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Events } from '@yichuang/contracts';
import type { WorkingCalendar } from '@yichuang/domain';
import { Clock, Outbox } from '@yichuang/platform';
import { DELIVERY_SETTINGS, type DeliverySettings } from '../delivery/settings.js';
import { workingDaysSince } from '../delivery/working-days.js';
import { WaitingRepository } from './waiting.repository.js';

/**
 * 领证提醒: a case whose documents have waited at the desk `PICKUP_REMINDER_AFTER_WORKING_DAYS` working days gets ONE
 * reminder — a row in `pickup_reminder` (unique per case) and its `pickup.reminder-due` event in the same transaction;
 * notification sends the SMS (its own dedupe key is per case too). Durable: a sweep compares stored dates with
 * today, so one after a restart sends what was missed; run inside the delivery sweep's transaction and lock.
 */
@Injectable()
export class RemindWaiting {
  private readonly logger = new Logger('PickupReminders');

  constructor(
    private readonly waiting: WaitingRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(DELIVERY_SETTINGS) private readonly settings: DeliverySettings,
  ) {}

  async execute(tx: EntityManager, calendar: WorkingCalendar | undefined): Promise<number> {
    const today = this.clock.today();
    const now = this.clock.now();
    const byCase = new Map<string, { ids: string[]; documents: string[]; since: string }>();
    for (const r of await this.waiting.waiting(tx)) {
      if (r.reminded_at) continue;
      const c = byCase.get(r.case_no) ?? { ids: [], documents: [], since: r.since };
      c.ids.push(r.id);
      c.documents.push(r.type_name);
      if (r.since < c.since) c.since = r.since;
      byCase.set(r.case_no, c);
    }
    let sent = 0;
    for (const [caseNo, c] of byCase) {
      const waited = workingDaysSince(calendar, c.since, today);
      if (waited.days < this.settings.PICKUP_REMINDER_AFTER_WORKING_DAYS) continue;
      if (!(await this.waiting.remember(tx, { caseNo, certificateIds: c.ids, since: c.since, waitingWorkingDays: waited.days, remindedAt: now }))) continue;
      await this.outbox.add(tx, Events.pickupReminderDue, { caseNo, documents: c.documents, waitingWorkingDays: waited.days, since: c.since, remindedAt: now.toISOString() });
      sent++;
    }
    if (sent > 0) this.logger.log(`${sent} pick-up reminder(s) due (today ${today})`);
    return sent;
  }
}
