import { describe, expect, it } from '@jest/globals';
import { WorkingCalendar } from '@yichuang/domain';
import { alarmLevel, deadlines, levelOfReply, remaining, transition, type RectificationState } from './rectification-rules.js';

/** 2026 with the National Day holiday 10-01..10-07 and a make-up Saturday 10-10 */
const cal = new WorkingCalendar({
  years: [2026],
  holidays: ['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, name: '国庆节' })),
  makeUpWorkdays: [{ date: '2026-10-10', name: '国庆节' }],
});

const fresh: RectificationState = { status: 'pending_verification', appeal: null, callbackDone: false };
const staff = { supervisor: false };
const sup = { supervisor: true };

function run(s: RectificationState, ...steps: Parameters<typeof transition>[1][]): RectificationState {
  return steps.reduce((st, step) => {
    const t = transition(st, step);
    if (!t.ok) throw new Error(t.reason);
    return t.state;
  }, s);
}

describe('the rectification state machine (差评整改)', () => {
  it('待核实 → 整改中 after the call-back, then 已整改 or 无法整改', () => {
    const called = run(fresh, { action: 'callback', note: '申请人反映等候时间过长', ...staff });
    expect(called).toEqual({ status: 'rectifying', appeal: null, callbackDone: true });
    expect(run(called, { action: 'rectified', note: '增开窗口', ...staff }).status).toBe('rectified');
    expect(run(called, { action: 'cannot_rectify', note: '法定程序', ...staff }).status).toBe('cannot_rectify');
  });

  it('refuses a result before the call-back, a call-back without what was said, and any action once closed', () => {
    expect(transition(fresh, { action: 'rectified', ...staff })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(transition(fresh, { action: 'callback', note: ' ', ...staff })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    const closed = run(fresh, { action: 'callback', note: 'x', ...staff }, { action: 'rectified', ...staff });
    expect(transition(closed, { action: 'callback', note: 'y', ...staff })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(transition(closed, { action: 'cannot_rectify', note: 'y', ...staff })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });

  it('only a supervisor declares a review invalid, with a reason', () => {
    expect(transition(fresh, { action: 'invalid', reason: 'malicious', ...staff })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(transition(fresh, { action: 'invalid', ...sup })).toMatchObject({ ok: false, code: 'VALIDATION_FAILED' });
    expect(run(fresh, { action: 'invalid', reason: 'not_this_service', ...sup }).status).toBe('invalid');
  });

  it('an appeal (申诉复核) is made once, blocks closing, and the supervisor upholds (→ invalid) or rejects it (→ back)', () => {
    const appealed = run(fresh, { action: 'callback', note: 'x', ...staff }, { action: 'appeal', reason: 'malicious', ...staff });
    expect(appealed).toEqual({ status: 'rectifying', appeal: 'pending', callbackDone: true });
    expect(transition(appealed, { action: 'rectified', ...staff })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    expect(transition(appealed, { action: 'appeal_upheld', ...staff })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(run(appealed, { action: 'appeal_upheld', ...sup })).toEqual({ status: 'invalid', appeal: 'upheld', callbackDone: true });
    const rejected = run(appealed, { action: 'appeal_rejected', ...sup });
    expect(rejected).toEqual({ status: 'rectifying', appeal: 'rejected', callbackDone: true });
    expect(transition(rejected, { action: 'appeal', reason: 'malicious', ...staff })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
    // an appeal before the call-back, rejected: back to 待核实
    expect(run(fresh, { action: 'appeal', reason: 'duplicate', ...staff }, { action: 'appeal_rejected', ...sup }).status).toBe('pending_verification');
    expect(transition(fresh, { action: 'appeal_upheld', ...sup })).toMatchObject({ ok: false, code: 'INVALID_STATE' });
  });
});

describe('deadlines in working days', () => {
  it('counts the call-back and the rectification over holidays and make-up days', () => {
    // from Wednesday 09-30: 10-08, 10-09, 10-10 (make-up Saturday), 10-12, 10-13
    expect(deadlines(cal, '2026-09-30', { callbackWorkingDays: 5, rectifyWorkingDays: 15 })).toEqual({ callbackDue: '2026-10-13', rectifyDue: '2026-10-27' });
    // from a Friday: the weekend does not count
    expect(deadlines(cal, '2026-11-27', { callbackWorkingDays: 5, rectifyWorkingDays: 1 })).toEqual({ callbackDue: '2026-12-04', rectifyDue: '2026-11-30' });
  });

  it('tells the working days left: positive before, 0 on the due day, negative after', () => {
    expect(remaining(cal, '2026-09-30', '2026-10-09')).toBe(2);
    expect(remaining(cal, '2026-10-13', '2026-10-13')).toBe(0);
    expect(remaining(cal, '2026-10-14', '2026-10-13')).toBe(-1);
    // a holiday after the due date: still overdue
    expect(remaining(cal, '2026-10-03', '2026-09-30')).toBe(-1);
  });
});

describe('deadline alarms', () => {
  it('yellow at or below the threshold of working days left (due day included), red once overdue', () => {
    expect(alarmLevel(3, { yellowAtOrBelow: 1 })).toBe('none');
    expect(alarmLevel(1, { yellowAtOrBelow: 1 })).toBe('yellow');
    expect(alarmLevel(0, { yellowAtOrBelow: 1 })).toBe('yellow');
    expect(alarmLevel(-1, { yellowAtOrBelow: 1 })).toBe('red');
    expect(alarmLevel(0, { yellowAtOrBelow: 0 })).toBe('yellow');
  });
});

describe('SMS reply digits', () => {
  it('maps 1–5 (5 = 非常满意), full-width too, and nothing else', () => {
    expect(levelOfReply('5')).toBe('very_satisfied');
    expect(levelOfReply(' 1 ')).toBe('very_dissatisfied');
    expect(levelOfReply('３')).toBe('basic');
    expect(levelOfReply('6')).toBeNull();
    expect(levelOfReply('好')).toBeNull();
    expect(levelOfReply('12')).toBeNull();
  });
});
