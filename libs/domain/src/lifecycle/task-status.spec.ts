import { describe, expect, it } from '@jest/globals';
import { InvalidTransitionError } from './case-status.js';
import {
  assertTaskTransition,
  canTransitionTask,
  isDecided,
  isTaskPaused,
  isTaskStatus,
  TASK_STATUSES,
  TASK_TRANSITIONS,
  type TaskStatus,
} from './task-status.js';

const ALLOWED: [TaskStatus, TaskStatus][] = [
  ['pending', 'claimed'],
  ['claimed', 'suspended'],
  ['claimed', 'correction_requested'],
  ['claimed', 'approved'],
  ['claimed', 'denied'],
  ['suspended', 'claimed'],
  ['correction_requested', 'claimed'],
];

describe('task status machine', () => {
  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(canTransitionTask(from, to)).toBe(true);
    expect(() => assertTaskTransition(from, to)).not.toThrow();
  });

  it('refuses every other move', () => {
    for (const from of TASK_STATUSES) {
      for (const to of TASK_STATUSES) {
        if (ALLOWED.some(([f, t]) => f === from && t === to)) continue;
        expect(canTransitionTask(from, to)).toBe(false);
        expect(() => assertTaskTransition(from, to)).toThrow(InvalidTransitionError);
      }
    }
  });

  it('requires a claim before a decision', () => {
    expect(canTransitionTask('pending', 'approved')).toBe(false);
    expect(canTransitionTask('pending', 'denied')).toBe(false);
    expect(canTransitionTask('suspended', 'approved')).toBe(false);
    expect(canTransitionTask('correction_requested', 'denied')).toBe(false);
  });

  it('never leaves a decision', () => {
    expect(() => assertTaskTransition('approved', 'denied')).toThrow('a task cannot go from approved to denied: the task is already approved');
    expect(TASK_TRANSITIONS.approved).toEqual([]);
    expect(TASK_TRANSITIONS.denied).toEqual([]);
  });

  it('throws an error carrying entity, from and to', () => {
    expect(() => assertTaskTransition('pending', 'approved')).toThrow(
      expect.objectContaining({ entity: 'task', from: 'pending', to: 'approved' }),
    );
  });

  it('classifies statuses', () => {
    expect(TASK_STATUSES.filter(isDecided)).toEqual(['approved', 'denied']);
    expect(TASK_STATUSES.filter(isTaskPaused)).toEqual(['suspended', 'correction_requested']);
    expect(isTaskStatus('claimed')).toBe(true);
    expect(isTaskStatus('done')).toBe(false);
    expect(canTransitionTask('claimed', 'done' as TaskStatus)).toBe(false);
  });
});
