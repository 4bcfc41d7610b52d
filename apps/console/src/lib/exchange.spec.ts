import { describe, expect, it } from '@jest/globals';
import { inboundResult, provinceItemNo, reconciledBy, reconciliationLines } from './exchange';

describe('a reconciliation as the supervisor reads it', () => {
  it('says per platform what was compared, what was sent again and what to look into', () => {
    expect(
      reconciliationLines({
        date: '2026-11-26',
        counterparts: [
          { counterpart: 'zwfw', enabled: true, pushed: 5, atProvince: 5, requeued: [], unknownAtUs: [] },
          { counterpart: 'gcjs', enabled: true, pushed: 5, atProvince: 5, requeued: ['a:gcjs'], unknownAtUs: ['x'] },
          { counterpart: 'dzjc', enabled: false, pushed: 0, atProvince: 0, requeued: [], unknownAtUs: [] },
        ],
      }),
    ).toEqual([
      '省政务服务网：我方已报送5条，平台已有5条；没有缺漏',
      '省工程建设项目审批管理系统：我方已报送5条，平台已有5条；平台缺少1条，已重新报送；平台多出1条，请核查',
      '电子监察系统：未接入，未对账',
    ]);
  });

  it('says when a platform could not be asked', () => {
    expect(reconciliationLines({ date: '2026-11-26', counterparts: [{ counterpart: 'zwfw', enabled: true, error: 'no answer: timeout', pushed: 3, atProvince: 0, requeued: [], unknownAtUs: [] }] })).toEqual([
      '省政务服务网：暂时无法对账（no answer: timeout）',
    ]);
  });
});

describe("what the province sent, as the supervisor reads it", () => {
  it("shows the province's own number and what each item became here", () => {
    expect(['zwfw:A-1', 'zwfw:complaints:C-1', 'zwfw:ratings:R-1'].map(provinceItemNo)).toEqual(['A-1', 'C-1', 'R-1']);
    expect(inboundResult({ kind: 'applications', applicationId: 'a1' })).toBe('网上申报 a1');
    expect(inboundResult({ kind: 'complaints', complaintId: 'c1' })).toBe('投诉 c1');
    expect(inboundResult({ kind: 'ratings', evaluationId: 'e1' })).toBe('评价 e1');
    expect(inboundResult({ kind: 'ratings' })).toBe('—');
  });
});

describe('who reconciled', () => {
  it("names the night's job in Chinese and a person by their account", () => {
    expect(reconciledBy('daily')).toBe('每日自动对账');
    expect(reconciledBy('supervisor1')).toBe('supervisor1');
  });
});
