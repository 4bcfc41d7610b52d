import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Events, type CalendarChangedV1, type EventEnvelope, type MovedDeadlineView } from '@yichuang/contracts';
import { CalendarClient, Clock, OnEvent, requireActor } from '@yichuang/platform';
import { ReviewTask } from '../tasks/task.entities.js';
import { TasksService } from '../tasks/tasks.service.js';

/**
 * When the administrator changes the calendar, the running deadlines it touches move: every open task
 * whose clock spans a changed day gets its due date recomputed (pauses kept), and the move is recorded
 * per calendar version, so the administrator can see which deadlines a change moved.
 */
@Injectable()
export class CalendarImpactService {
  private readonly logger = new Logger('CalendarImpact');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarClient,
    private readonly tasks: TasksService,
    private readonly clock: Clock,
  ) {}

  @OnEvent({ event: Events.calendarChanged })
  async onCalendarChanged(e: EventEnvelope<CalendarChangedV1>, tx: EntityManager): Promise<void> {
    if (e.data.dates.length === 0) return;
    // this event may be handled before the plain subscription refreshed the cache: refresh now
    this.calendar.invalidate();
    const dates = [...e.data.dates].sort();
    const first = dates[0] as string;
    const last = dates[dates.length - 1] as string;
    const open = await tx
      .getRepository(ReviewTask)
      .createQueryBuilder('t')
      .setLock('pessimistic_write')
      .where(`t.status IN ('pending', 'claimed', 'suspended', 'correction_requested')`)
      .andWhere('t.start_date <= :last AND t.due_date >= :first', { first, last })
      .getMany();
    let moved = 0;
    for (const task of open) {
      const due = await this.tasks.recomputeDueDate(tx, task);
      if (due === task.dueDate) continue;
      await tx.query(
        `INSERT INTO deadline_change (calendar_version, task_id, case_no, department_code, old_due_date, new_due_date, changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [e.data.version, task.id, task.caseNo, task.departmentCode, task.dueDate, due, this.clock.now()],
      );
      await tx.update(ReviewTask, { id: task.id }, { dueDate: due });
      await this.tasks.record(tx, task.id, 'system', 'due_date_moved', `工作日历第${e.data.version}版调整：承诺办结日期 ${task.dueDate} → ${due}`, this.clock.now());
      moved++;
    }
    if (moved > 0) this.logger.log(`calendar version ${e.data.version} moved ${moved} running deadline(s)`);
  }

  async moved(version: number): Promise<MovedDeadlineView[]> {
    requireActor('admin', 'supervisor');
    const rows = (await this.ds.query(
      `SELECT task_id, case_no, department_code, old_due_date, new_due_date, changed_at FROM deadline_change WHERE calendar_version = $1 ORDER BY case_no`,
      [version],
    )) as { task_id: string; case_no: string; department_code: string; old_due_date: string; new_due_date: string; changed_at: Date }[];
    return rows.map((r) => ({
      taskId: r.task_id,
      caseNo: r.case_no,
      department: r.department_code,
      oldDueDate: r.old_due_date,
      newDueDate: r.new_due_date,
      changedAt: r.changed_at.toISOString(),
    }));
  }
}
