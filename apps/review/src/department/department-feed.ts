import { Injectable } from '@nestjs/common';
import { departmentTaskAssignedSubject, DepartmentTaskAssignedV1, event, type EventDef } from '@yichuang/contracts';

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
 * The departments' durable task feed: every task created for a department is published on
 * `yc.dept.<CODE>.evt.task.assigned.v1`, in the stream YC_EVENTS, by the outbox of the very transaction that
 * creates the task (TasksService.onCaseAccepted), for the department's own approval system to read with a durable
 * consumer filtered on `yc.dept.<CODE>.evt.>`.
 */
@Injectable()
export class DepartmentFeed {
  /** The feed events of tasks just created, to go into the outbox with `tasks.created`. */
  assigned(tasks: (DepartmentTaskAssignedV1 & { departmentCode: string })[]): { def: EventDef<object>; data: object }[] {
    return tasks.map(({ departmentCode, ...data }) => ({ def: departmentTaskAssigned(departmentCode) as EventDef<object>, data }));
  }
}
