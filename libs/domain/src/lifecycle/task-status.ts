/**
 * The status of a review task: one department's review of one item of a case.
 *
 * | from                 | to                   | when |
 * |----------------------|----------------------|------|
 * | pending              | claimed              | a reviewer takes the task |
 * | claimed              | suspended            | the clock stops for a special procedure (expert review, site inspection, public notice…) |
 * | claimed              | correction_requested | the applicant is asked to supplement or correct materials (补正) |
 * | claimed              | approved             | the reviewer approves (准予许可) |
 * | claimed              | denied               | the reviewer denies, with reasons (不予许可) |
 * | suspended            | claimed              | the special procedure ends and review resumes |
 * | correction_requested | claimed              | the supplement is received and review resumes |
 *
 * A pending task cannot be decided without being claimed first. `approved` and `denied` are final.
 */
import { InvalidTransitionError } from './case-status.js';

export const TASK_STATUSES = ['pending', 'claimed', 'suspended', 'correction_requested', 'approved', 'denied'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_TRANSITIONS: Readonly<Record<TaskStatus, readonly TaskStatus[]>> = Object.freeze({
  pending: Object.freeze(['claimed'] as const),
  claimed: Object.freeze(['suspended', 'correction_requested', 'approved', 'denied'] as const),
  suspended: Object.freeze(['claimed'] as const),
  correction_requested: Object.freeze(['claimed'] as const),
  approved: Object.freeze([] as const),
  denied: Object.freeze([] as const),
});

export function isTaskStatus(value: unknown): value is TaskStatus {
  return typeof value === 'string' && (TASK_STATUSES as readonly string[]).includes(value);
}

/** True for the final statuses `approved` and `denied`. */
export function isDecided(status: TaskStatus): boolean {
  return status === 'approved' || status === 'denied';
}

/** True while the task's clock is stopped (`suspended` or `correction_requested`). */
export function isTaskPaused(status: TaskStatus): boolean {
  return status === 'suspended' || status === 'correction_requested';
}

export function canTransitionTask(from: TaskStatus, to: TaskStatus): boolean {
  return isTaskStatus(from) && isTaskStatus(to) && (TASK_TRANSITIONS[from] as readonly string[]).includes(to);
}

/** @throws InvalidTransitionError when {@link canTransitionTask} is false. */
export function assertTaskTransition(from: TaskStatus, to: TaskStatus): void {
  if (!canTransitionTask(from, to)) {
    throw new InvalidTransitionError('task', from, to, isDecided(from) ? `the task is already ${from}` : undefined);
  }
}
