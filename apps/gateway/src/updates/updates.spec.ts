import { describe, expect, it } from '@jest/globals';
import { Events, type Actor } from '@yichuang/contracts';
import { updatesOf, visibleTo, type Update } from './updates.js';

const env = (data: unknown) => ({ id: 'e', type: 't', data });

describe('the updates a terminal is pushed', () => {
  it('turns the events into id-only updates, never the personal data they carry', () => {
    const created = updatesOf(Events.tasksCreated.subject, env({ caseNo: 'C-1', tasks: [{ taskId: 't1', itemCode: 'ZRZY-001', departmentCode: 'ZRZY', dueDate: '2026-12-10' }, { taskId: 't2', itemCode: 'ZJJ-001', departmentCode: 'ZJJ', dueDate: '2026-12-11' }] }));
    expect(created).toEqual([
      { kind: 'task', change: 'created', caseNo: 'C-1', taskId: 't1', departmentCode: 'ZRZY' },
      { kind: 'task', change: 'created', caseNo: 'C-1', taskId: 't2', departmentCode: 'ZJJ' },
    ]);
    const accepted = updatesOf(Events.caseAccepted.subject, env({ caseNo: 'C-1', applicationId: 'a1', applicant: { name: '张三', idNumber: '411523199001011234', phone: '13912345678' } }));
    expect(accepted).toEqual([{ kind: 'case', change: 'accepted', caseNo: 'C-1', applicationId: 'a1' }]);
    expect(JSON.stringify(accepted)).not.toMatch(/张三|4115231990|1391234/);
    expect(updatesOf(Events.taskDecided.subject, env({ caseNo: 'C-1', taskId: 't1', departmentCode: 'ZRZY', outcome: 'approve', opinion: '同意' }))).toEqual([{ kind: 'task', change: 'decided', caseNo: 'C-1', taskId: 't1', departmentCode: 'ZRZY' }]);
  });

  it('ignores what it does not carry or cannot read', () => {
    expect(updatesOf('yc.evt.notification.message.sent.v1', env({ caseNo: 'C-1' }))).toEqual([]);
    expect(updatesOf(Events.caseDecided.subject, null)).toEqual([]);
    expect(updatesOf(Events.caseDecided.subject, env({}))).toEqual([]);
  });

  it("tells each person what they may see: a department its tasks, the window every case, an applicant their own, a supervisor all", () => {
    const zrzyTask: Update = { kind: 'task', change: 'created', caseNo: 'C-1', taskId: 't1', departmentCode: 'ZRZY' };
    const accepted: Update = { kind: 'case', change: 'accepted', caseNo: 'C-1', applicationId: 'a1' };
    const who = (roles: string[], extra: Partial<Actor> = {}) => ({ username: 'x', roles, ...extra }) as Actor;
    expect(visibleTo(zrzyTask, who(['reviewer'], { department: 'ZRZY' }))).toBe(true);
    expect(visibleTo(zrzyTask, who(['department_head'], { department: 'ZRZY' }))).toBe(true);
    expect(visibleTo(zrzyTask, who(['reviewer'], { department: 'FGW' }))).toBe(false);
    expect(visibleTo(accepted, who(['reviewer'], { department: 'ZRZY' }))).toBe(false);
    expect(visibleTo(accepted, who(['clerk']))).toBe(true);
    expect(visibleTo(zrzyTask, who(['clerk']))).toBe(false);
    expect(visibleTo(zrzyTask, who(['supervisor']))).toBe(true);
    expect(visibleTo(accepted, who(['admin']))).toBe(false);
    // the applicant: their case by number, or its acceptance by their application before the token knew the number
    expect(visibleTo(zrzyTask, who(['applicant'], { caseNo: 'C-1' }))).toBe(true);
    expect(visibleTo(zrzyTask, who(['applicant'], { caseNo: 'C-2' }))).toBe(false);
    expect(visibleTo(accepted, who(['applicant'], { applicationId: 'a1' }))).toBe(true);
    expect(visibleTo(accepted, who(['applicant'], { applicationId: 'a2' }))).toBe(false);
  });
});
