import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Events, type CaseAcceptedV1, type EventDef, type EventEnvelope } from '@yichuang/contracts';
import { Clock, OnEvent, Outbox } from '@yichuang/platform';
import { DepartmentFeed } from '../department/department-feed.js';
import { TasksService } from '../tasks/tasks.service.js';
import { COMMITMENT_CHECK_WORKING_DAYS } from '@yichuang/domain';

/**
 * 告知承诺制: an item approved at the window on the applicant's written commitment is checked afterwards (事后核查)
 * by its department, within `COMMITMENT_CHECK_WORKING_DAYS` working days of the acceptance (the days the
 * commitment letter states): one
 * verification task per such item, in the department's inbox with the same clock and alarms as a review. Its own
 * durable consumer of `case.accepted`; unique per (case, item), so a duplicate event creates nothing.
 */
@Injectable()
export class CreateVerificationTasks {
  private readonly logger = new Logger('CreateVerificationTasks');

  constructor(
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
    private readonly feed: DepartmentFeed,
  ) {}

  @OnEvent({ event: Events.caseAccepted, name: 'intake-case-accepted-v1-commitments' })
  async onCaseAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    const items = e.data.items.filter((i) => i.kind === 'notify_commit');
    if (items.length === 0) return;
    const calendar = await this.tasks.requireCalendar();
    const days = COMMITMENT_CHECK_WORKING_DAYS;
    const due = calendar.addWorkingDays(e.data.acceptedDate, days);
    const now = this.clock.now();
    const assigned = [];
    for (const item of items) {
      const id = randomUUID();
      const rows = (await tx.query(
        `WITH t AS (
           INSERT INTO review_task (id, case_no, item_code, item_name, department_code, department_name, kind, promised_days, start_date, due_date, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'verification', $7, $8, $9, 'pending', $10) ON CONFLICT (case_no, item_code) DO NOTHING RETURNING id),
         a AS (INSERT INTO task_action (task_id, at, actor, action, note) SELECT t.id, $10, 'system', 'created', $11 FROM t)
         SELECT id FROM t`,
        [id, e.data.caseNo, item.itemCode, item.itemName, item.departmentCode, item.departmentName, days, e.data.acceptedDate, due, now, `告知承诺制当场办结，请于${due}前完成事后核查`],
      )) as { id: string }[];
      if (rows.length === 0) continue;
      assigned.push({ taskId: id, caseNo: e.data.caseNo, itemCode: item.itemCode, itemName: item.itemName, dueDate: due, promisedDays: days, departmentCode: item.departmentCode });
    }
    if (assigned.length === 0) return;
    await this.outbox.addMany(tx, this.feed.assigned(assigned) as { def: EventDef<object>; data: object }[]);
    this.logger.log(`case ${e.data.caseNo}: ${assigned.length} follow-up check(s) of commitments due ${due}`);
  }
}
