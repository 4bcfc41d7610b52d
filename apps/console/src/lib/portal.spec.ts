import { describe, expect, it } from '@jest/globals';
import { linkClosedText, onlineMaterials, portalRef, serviceEventText, sizeText, taskClock, uploadTypeProblem } from './portal';

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

describe('the online application (网上申报)', () => {
  it('refuses a file that is no PDF/JPG/PNG before sending it, in Chinese', () => {
    expect(uploadTypeProblem({ name: '规划图.pdf', type: 'application/pdf' })).toBeNull();
    expect(uploadTypeProblem({ name: 'photo.JPG', type: 'image/jpeg' })).toBeNull();
    expect(uploadTypeProblem({ name: 'scan.png', type: '' })).toBeNull();
    expect(uploadTypeProblem({ name: '申请表.docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' })).toBe('“申请表.docx”不能上传：仅支持PDF、JPG、PNG格式的文件');
    expect(uploadTypeProblem({ name: 'setup.pdf', type: 'application/x-msdownload' })).not.toBeNull();
  });

  it('declares the electronic materials, leaving the paper-only ones to bring to the window', () => {
    const list = [
      { code: 'A', name: '申请表', required: true, forms: ['paper', 'electronic'] },
      { code: 'B', name: '原件', required: true, forms: ['paper'] },
      { code: 'A', name: '申请表', required: true, forms: ['paper', 'electronic'] },
    ];
    const m = onlineMaterials(list);
    expect([m.electronic.map((x) => x.code), m.paperOnly.map((x) => x.code)]).toEqual([['A'], ['B']]);
  });
});
