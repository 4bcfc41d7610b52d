import { Injectable, Logger } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import {
  departmentTaskAssignedSubject,
  DepartmentTaskAssignedV1,
  event,
  Events,
  type EventDef,
  type EventEnvelope,
  type TasksCreatedV1,
} from '@yichuang/contracts';
import { OnEvent, Outbox } from '@yichuang/platform';
import { ReviewTask } from '../tasks/task.entities.js';

/** The event def of one department's feed, `yc.dept.<CODE>.evt.task.assigned.v1` (kept per code). */
const defs = new Map<string, EventDef<DepartmentTaskAssignedV1>>();
export function departmentTaskAssigned(code: string): EventDef<DepartmentTaskAssignedV1> {
  let def = defs.get(code);
  if (!def) {
    def = event(departmentTaskAssignedSubject(code), DepartmentTaskAssignedV1);
    defs.set(code, def);
  }
  return def;
}

/**
 * The departments' durable task feed: every task created for a department is published (outbox, same
 * transaction as the recorded event id) on `yc.dept.<CODE>.evt.task.assigned.v1`, in the stream YC_EVENTS,
 * for the department's own approval system to read with a durable consumer filtered on `yc.dept.<CODE>.evt.>`.
 */
@Injectable()
export class DepartmentFeed {
  private readonly logger = new Logger('DepartmentFeed');

  constructor(private readonly outbox: Outbox) {}

  @OnEvent({ event: Events.tasksCreated, name: 'department-feed-tasks-created-v1' })
  async onTasksCreated(e: EventEnvelope<TasksCreatedV1>, tx: EntityManager): Promise<void> {
    const ids = e.data.tasks.map((t) => t.taskId);
    if (ids.length === 0) return;
    const rows = await tx.getRepository(ReviewTask).find({ where: { id: In(ids) } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const feed = e.data.tasks.flatMap((t) => {
      const row = byId.get(t.taskId);
      if (!row) {
        this.logger.warn(`tasks.created of case ${e.data.caseNo}: task ${t.taskId} not found, not fed to ${t.departmentCode}`);
        return [];
      }
      const data: DepartmentTaskAssignedV1 = {
        taskId: row.id,
        caseNo: row.caseNo,
        itemCode: row.itemCode,
        itemName: row.itemName,
        dueDate: row.dueDate,
        promisedDays: row.promisedDays,
      };
      return [{ def: departmentTaskAssigned(row.departmentCode) as EventDef<object>, data }];
    });
    await this.outbox.addMany(tx, feed);
  }
}
