import type { InvalidReviewReason, RectificationAction, RectificationStatus } from '@yichuang/contracts';
import type { WorkingCalendar } from '@yichuang/domain';

/** The appeal (申诉复核) of a rectification case: the handling unit asks, the supervisor decides. */
export type AppealStatus = 'pending' | 'upheld' | 'rejected';

export interface RectificationState {
  status: RectificationStatus;
  appeal: AppealStatus | null;
  callbackDone: boolean;
}

export interface ActionInput {
  action: RectificationAction;
  note?: string | undefined;
  reason?: InvalidReviewReason | undefined;
  /** the actor is a supervisor (decides appeals, declares a review invalid) */
  supervisor: boolean;
}

export type Transition = { ok: true; state: RectificationState; closes: boolean } | { ok: false; code: 'INVALID_STATE' | 'FORBIDDEN' | 'VALIDATION_FAILED'; reason: string };

/** The states where the case is finished (办结): 已整改, 无法整改, 无效差评. */
export const CLOSED_STATES: readonly RectificationStatus[] = ['rectified', 'cannot_rectify', 'invalid', 'done'];
const OPEN_STATES: readonly RectificationStatus[] = ['pending_verification', 'rectifying', 'pending_callback', 'overdue'];

const SUPERVISOR_ONLY: readonly RectificationAction[] = ['invalid', 'appeal_upheld', 'appeal_rejected'];

/**
 * The rectification state machine (差评整改, national practice):
 * 待核实 pending_verification —callback→ 整改中 rectifying —rectified→ 已整改 / —cannot_rectify→ 无法整改;
 * from either open state the supervisor may declare 无效差评 invalid (with a reason), and the handling unit may
 * appeal (申诉, with a reason) once: the supervisor upholds it (→ invalid) or rejects it (→ back to the open
 * state it was in). Closing actions wait while an appeal is pending. Pure: no I/O.
 */
export function transition(s: RectificationState, input: ActionInput): Transition {
  const fail = (code: 'INVALID_STATE' | 'FORBIDDEN' | 'VALIDATION_FAILED', reason: string): Transition => ({ ok: false, code, reason });
  if (SUPERVISOR_ONLY.includes(input.action) && !input.supervisor) return fail('FORBIDDEN', '只有督查人员可以认定无效差评或裁决申诉');
  if (!OPEN_STATES.includes(s.status)) return fail('INVALID_STATE', '该差评整改已办结，不能再操作');
  const open: RectificationStatus = s.callbackDone ? 'rectifying' : 'pending_verification';
  const note = input.note?.trim() ?? '';
  switch (input.action) {
    case 'callback':
      if (s.callbackDone) return fail('INVALID_STATE', '已回访核实，不能重复回访');
      if (!note) return fail('VALIDATION_FAILED', '请填写回访时申请人反映的情况');
      return { ok: true, closes: false, state: { ...s, status: s.appeal === 'pending' ? s.status : 'rectifying', callbackDone: true } };
    case 'rectified':
    case 'cannot_rectify':
      if (!s.callbackDone) return fail('INVALID_STATE', '请先回访核实，再登记整改结果');
      if (s.appeal === 'pending') return fail('INVALID_STATE', '申诉复核尚未裁决，不能登记整改结果');
      if (input.action === 'cannot_rectify' && !note) return fail('VALIDATION_FAILED', '请说明无法整改的原因');
      return { ok: true, closes: true, state: { ...s, status: input.action } };
    case 'invalid':
      if (!input.reason) return fail('VALIDATION_FAILED', '请选择无效差评的原因');
      return { ok: true, closes: true, state: { ...s, status: 'invalid' } };
    case 'appeal':
      if (s.appeal !== null) return fail('INVALID_STATE', '该差评已申诉过，不能再次申诉');
      if (!input.reason) return fail('VALIDATION_FAILED', '请选择申诉理由');
      return { ok: true, closes: false, state: { ...s, appeal: 'pending' } };
    case 'appeal_upheld':
    case 'appeal_rejected':
      if (s.appeal !== 'pending') return fail('INVALID_STATE', '没有待裁决的申诉');
      return input.action === 'appeal_upheld'
        ? { ok: true, closes: true, state: { ...s, appeal: 'upheld', status: 'invalid' } }
        : { ok: true, closes: false, state: { ...s, appeal: 'rejected', status: open } };
  }
}

/** The deadline rule: how many working days after the review each step is due. */
export interface DeadlineRules {
  callbackWorkingDays: number;
  rectifyWorkingDays: number;
  yellowAtOrBelow: number;
}

/** The due dates of a bad review made on `today`: call-back and rectification, in working days. */
export function deadlines(cal: WorkingCalendar, today: string, rules: Pick<DeadlineRules, 'callbackWorkingDays' | 'rectifyWorkingDays'>): { callbackDue: string; rectifyDue: string } {
  return { callbackDue: cal.addWorkingDays(today, rules.callbackWorkingDays), rectifyDue: cal.addWorkingDays(today, rules.rectifyWorkingDays) };
}

/** Working days left until `due` (0 on the due day, negative once overdue: -1 the first day after). */
export function remaining(cal: WorkingCalendar, today: string, due: string): number {
  if (today === due) return 0;
  return today < due ? cal.countWorkingDays(today, due) : -Math.max(1, cal.countWorkingDays(due, today));
}

/** The alarm level of an open case on `today`, given its due date and the working days left (0 = due today). */
export function alarmLevel(remainingWorkingDays: number, rules: Pick<DeadlineRules, 'yellowAtOrBelow'>): 'none' | 'yellow' | 'red' {
  if (remainingWorkingDays < 0) return 'red';
  return remainingWorkingDays <= rules.yellowAtOrBelow ? 'yellow' : 'none';
}

/** SMS reply text → a rating level: '1'..'5' (5 = 非常满意), full-width digits accepted; anything else → null. */
export function levelOfReply(text: string): 'very_satisfied' | 'satisfied' | 'basic' | 'dissatisfied' | 'very_dissatisfied' | null {
  const t = text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const levels = ['very_dissatisfied', 'dissatisfied', 'basic', 'satisfied', 'very_satisfied'] as const;
  return /^[1-5]$/.test(t) ? (levels[Number(t) - 1] ?? null) : null;
}
