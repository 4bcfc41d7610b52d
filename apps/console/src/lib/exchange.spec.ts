import { describe, expect, it } from '@jest/globals';
import { reconciliationLines } from './exchange';

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
