import { describe, expect, it } from '@jest/globals';
import { chinaTime, lookupRef, movementText, outForText, outLong, splitCustody, whereText, type PaperFile } from './paper';

const file = (over: Partial<PaperFile> = {}): PaperFile => ({
  applicationId: 'a',
  materialCode: 'M1',
  name: '用地申请表',
  location: 'W01 综合窗口',
  since: '2026-12-07T03:04:00Z',
  movements: [],
  ...over,
});

describe('paper custody at the window', () => {
  it('finds an application by its number or its case number', () => {
    expect(lookupRef(' 0B1C2D3E-1111-4222-8333-944445555666 ')).toEqual({ applicationId: '0b1c2d3e-1111-4222-8333-944445555666' });
    expect(lookupRef('411523-2026-000001')).toEqual({ caseNo: '411523-2026-000001' });
  });

  it('says where an original is, in China time', () => {
    expect(chinaTime('2026-12-07T03:04:00Z')).toBe('2026年12月7日 11:04');
    expect(chinaTime('2026-12-07T17:30:00Z')).toBe('2026年12月8日 01:30');
    expect(whereText(file())).toBe('在库：W01 综合窗口');
    expect(whereText(file({ holder: 'zrzy1' }))).toBe('已移交 zrzy1（2026年12月7日 11:04起）');
  });

  it('counts how long an original has been out, and alarms after a day', () => {
    const since = '2026-12-07T03:00:00Z';
    expect(outForText(since, new Date('2026-12-07T03:30:00Z'))).toBe('不足1小时');
    expect(outForText(since, new Date('2026-12-07T08:00:00Z'))).toBe('5小时');
    expect(outForText(since, new Date('2026-12-09T06:00:00Z'))).toBe('2天3小时');
    expect(outForText(since, new Date('2026-12-08T03:00:00Z'))).toBe('1天');
    expect(outLong(since, new Date('2026-12-08T02:59:00Z'))).toBe(false);
    expect(outLong(since, new Date('2026-12-08T03:00:00Z'))).toBe(true);
  });

  it('writes each movement as a line of the history', () => {
    expect(movementText({ at: '2026-12-07T03:04:00Z', by: 'clerk1', action: 'received', location: 'W01 综合窗口' })).toBe('2026年12月7日 11:04 收取，存放于W01 综合窗口（经办：clerk1）');
    expect(movementText({ at: '2026-12-07T03:04:00Z', by: 'clerk1', action: 'handed_over', to: 'zrzy1', note: '审查用' })).toBe('2026年12月7日 11:04 移交给 zrzy1（经办：clerk1）：审查用');
  });

  it('splits what can be handed over from what can be taken back', () => {
    const s = splitCustody([file(), file({ materialCode: 'M2', holder: 'zrzy1' })]);
    expect([s.inHall.map((f) => f.materialCode), s.out.map((f) => f.materialCode)]).toEqual([['M1'], ['M2']]);
  });
});
