import { describe, expect, it } from '@jest/globals';
import { linkClosedText, portalRef, serviceEventText, sizeText, taskClock } from './portal';

describe("the applicant's portal", () => {
  it('tells an application id from a case number', () => {
    expect(portalRef(' 411523-2026-000001 ')).toEqual({ caseNo: '411523-2026-000001' });
    expect(portalRef('3F2504E0-4F89-41D3-9A0C-0305E82C3301')).toEqual({ applicationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' });
  });

  it('names the service a rating is about: 受理 and 领证 by window, 审批 by item and department', () => {
    const names = { items: { 'ZRZY-001': '建设用地规划许可' }, departments: { ZRZY: '县自然资源局' } };
    expect(serviceEventText({ kind: 'acceptance', windowNo: 'W01' })).toBe('受理（W01窗口）');
    expect(serviceEventText({ kind: 'handover', windowNo: 'P01' })).toBe('领证（P01窗口）');
    expect(serviceEventText({ kind: 'decision', itemCode: 'ZRZY-001', departmentCode: 'ZRZY' }, names)).toBe('审批（建设用地规划许可 · 县自然资源局）');
    expect(serviceEventText({ kind: 'decision', departmentCode: 'FGW' }, names)).toBe('审批（FGW）');
    expect(serviceEventText({ kind: 'decision' })).toBe('审批');
  });

  it("shows each department's clock with the staff pages' alarm colours, or its outcome", () => {
    expect(taskClock({ remainingWorkingDays: 12, suspended: false })).toEqual({ text: '剩余12个工作日', alarm: 'none' });
    expect(taskClock({ remainingWorkingDays: 1, suspended: false })).toEqual({ text: '剩余1个工作日', alarm: 'yellow' });
    expect(taskClock({ remainingWorkingDays: 0, suspended: false })).toEqual({ text: '今日到期', alarm: 'yellow' });
    expect(taskClock({ remainingWorkingDays: -3, suspended: false })).toEqual({ text: '已超期3个工作日', alarm: 'red' });
    expect(taskClock({ remainingWorkingDays: 4, suspended: true })).toEqual({ text: '已暂停计时（剩余4个工作日）', alarm: 'none' });
    expect(taskClock({ remainingWorkingDays: 13, suspended: false, status: 'correction_requested' })).toEqual({ text: '待补正，暂停计时（剩余13个工作日）', alarm: 'none' });
    expect(taskClock({ remainingWorkingDays: -1, suspended: false, outcome: 'approve' })).toEqual({ text: '已办结：准予许可', alarm: 'none' });
  });

  it('says in Chinese why a rating link cannot rate any more, and writes file sizes', () => {
    expect(linkClosedText('used')).toMatch(/^已评价/);
    expect(linkClosedText('expired')).toContain('已过期');
    expect(sizeText(300)).toBe('1 KB');
    expect(sizeText(320_000)).toBe('313 KB');
    expect(sizeText(4_404_019)).toBe('4.2 MB');
  });
});
