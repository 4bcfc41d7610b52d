import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ListWaitingRequest, WaitingDocumentView } from '@yichuang/contracts';
import { CalendarClient, Clock, requireActor } from '@yichuang/platform';
import { DeliveryClocksRepository } from '../deadline/delivery-clocks.repository.js';
import { deliveryDueDate, remainingWorkingDays, workingDaysSince } from '../delivery/working-days.js';
import { WaitingRepository } from './waiting.repository.js';

/**
 * The pick-up desk's list (待领取): every document issued and neither collected nor mailed, oldest first, with the
 * working days it has waited by the administrator's calendar (provisional years flagged), and its Art. 44 due date
 * with the working days left. Mail returned by the post waits again from the day it came back.
 */
@Injectable()
export class ListWaiting {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly waiting: WaitingRepository,
    private readonly clocks: DeliveryClocksRepository,
    private readonly calendar: CalendarClient,
    private readonly clock: Clock,
  ) {}

  async execute(req: ListWaitingRequest): Promise<WaitingDocumentView[]> {
    requireActor('clerk', 'supervisor');
    const calendar = await this.calendar.calendar();
    const today = this.clock.today();
    const rows = await this.waiting.waiting(this.ds.manager, req.caseNo);
    const decided = await this.clocks.decisionDates(
      this.ds.manager,
      rows.map((r) => r.id),
    );
    return rows
      .map((r) => {
        const waited = workingDaysSince(calendar, r.since, today);
        const decidedDate = decided.get(r.id);
        const due = decidedDate ? deliveryDueDate(calendar, decidedDate) : undefined;
        return {
          certificateId: r.id,
          caseNo: r.case_no,
          no: r.no,
          typeName: r.type_name,
          itemName: r.item_name,
          holderName: r.holder_name,
          since: r.since,
          waitingWorkingDays: waited.days,
          provisional: waited.provisional,
          returnedByPost: r.returned,
          ...(r.reminded_at ? { remindedAt: r.reminded_at.toISOString() } : {}),
          ...(due ? { deliverBy: due.date, deliverByProvisional: due.provisional, remainingWorkingDays: remainingWorkingDays(calendar, today, due.date).days } : {}),
        };
      })
      .filter((v) => req.minWorkingDays === undefined || v.waitingWorkingDays >= req.minWorkingDays);
  }
}
