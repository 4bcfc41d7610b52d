import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Events, type CalendarChangedV1, type DeadlinesMovedV1, type EventEnvelope, type MovedDeadlineView } from '@yichuang/contracts';
import { isProvisionalDeadline } from '@yichuang/domain';
import { CalendarClient, Clock, OnEvent, Outbox, requireActor } from '@yichuang/platform';
import { ReviewTask } from '../tasks/task.entities.js';
import { TasksService } from '../tasks/tasks.service.js';

/**
 * When the administrator changes the calendar — a single day, or a year's official arrangement replacing the
 * provisional one — the running deadlines it touches move: every open task whose clock spans a changed day gets
 * its due date recomputed (pauses kept), the move is recorded per calendar version (so the administrator can see
 * what a change moved), and ONE `deadlines.moved` event per case tells the applicant (notification) and the
 * case's timeline (intake), in the same transaction.
 */
@Injectable()
export class CalendarImpactService {
  private readonly logger = new Logger('CalendarImpact');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarClient,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  @OnEvent({ event: Events.calendarChanged })
  async onCalendarChanged(e: EventEnvelope<CalendarChangedV1>, tx: EntityManager): Promise<void> {
    if (e.data.dates.length === 0) return;
    // this event may be handled before the plain subscription refreshed the cache: refresh now
    this.calendar.invalidate();
    const calendar = await this.tasks.requireCalendar();
    if ((await this.calendar.version()) < e.data.version) throw new Error(`calendar version ${e.data.version} not served by admin yet`);
    const dates = [...e.data.dates].sort();
    const first = dates[0] as string;
    const last = dates[dates.length - 1] as string;
    const open = await tx
      .getRepository(ReviewTask)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where(`t.status IN ('pending', 'claimed', 'suspended', 'correction_requested')`)
      .andWhere('t.start_date <= :last AND t.due_date >= :first', { first, last })
      .orderBy('t.case_no')
      .addOrderBy('t.item_code')
      .getMany();
    const now = this.clock.now();
    const byCase = new Map<string, DeadlinesMovedV1['tasks']>();
    for (const task of open) {
      const due = await this.tasks.recomputeDueDate(tx, task);
      if (due === task.dueDate) continue;
      const provisional = isProvisionalDeadline(calendar, task.startDate, due);
      await tx.query(
        `INSERT INTO deadline_change (calendar_version, task_id, case_no, department_code, old_due_date, new_due_date, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [e.data.version, task.id, task.caseNo, task.departmentCode, task.dueDate, due, now],
      );
      await tx.update(ReviewTask, { id: task.id }, { dueDate: due });
      await this.tasks.record(tx, task.id, 'system', 'due_date_moved', `工作日历第${e.data.version}版调整：承诺办结日期 ${task.dueDate} → ${due}`, now);
      const moved = byCase.get(task.caseNo) ?? [];
      moved.push({ taskId: task.id, itemCode: task.itemCode, itemName: task.itemName, departmentCode: task.departmentCode, oldDueDate: task.dueDate, newDueDate: due, provisional });
      byCase.set(task.caseNo, moved);
    }
    for (const [caseNo, tasks] of byCase) {
      await this.outbox.add(tx, Events.deadlinesMoved, { caseNo, calendarVersion: e.data.version, calendarYears: e.data.years ?? [], movedAt: now.toISOString(), tasks });
    }
    const moved = [...byCase.values()].reduce((n, t) => n + t.length, 0);
    if (moved > 0) this.logger.log(`calendar version ${e.data.version} moved ${moved} running deadline(s) of ${byCase.size} case(s)`);
  }

  async moved(version: number): Promise<MovedDeadlineView[]> {
    requireActor('admin', 'supervisor');
    const calendar = await this.tasks.workingCalendar();
    const rows = (await this.ds.query(
      `SELECT c.task_id, c.case_no, c.department_code, c.old_due_date, c.new_due_date, c.changed_at, t.start_date
       FROM deadline_change c JOIN review_task t ON t.id = c.task_id WHERE c.calendar_version = $1 ORDER BY c.case_no, t.item_code`,
      [version],
    )) as { task_id: string; case_no: string; department_code: string; old_due_date: string; new_due_date: string; changed_at: Date; start_date: string }[];
    return rows.map((r) => ({
      kind: 'task' as const,
      taskId: r.task_id,
      caseNo: r.case_no,
      department: r.department_code,
      oldDueDate: r.old_due_date,
      newDueDate: r.new_due_date,
      provisional: isProvisionalDeadline(calendar, r.start_date, r.new_due_date),
      changedAt: r.changed_at.toISOString(),
    }));
  }
}
