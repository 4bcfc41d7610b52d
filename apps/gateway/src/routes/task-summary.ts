import type { TaskView } from '@yichuang/contracts';

/** A task as the case detail and the follow-up list show it. */
export function taskSummary(t: TaskView) {
  return {
    id: t.id,
    caseNo: t.caseNo,
    itemCode: t.itemCode,
    itemName: t.itemName,
    department: t.department,
    status: t.status,
    kind: t.kind,
    dueDate: t.dueDate,
    dueDateProvisional: t.dueDateProvisional,
    remainingWorkingDays: t.remainingWorkingDays,
    suspended: t.suspended,
    alarm: t.alarm,
    ...(t.assignee ? { assignee: t.assignee } : {}),
    ...(t.outcome ? { outcome: t.outcome, decidedAt: t.decidedAt, decidedBy: t.decidedBy } : {}),
  };
}
