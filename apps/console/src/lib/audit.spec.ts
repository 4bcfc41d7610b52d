import { describe, expect, it } from '@jest/globals';
import { auditFilterProblems, auditQuery, chinaTime, outcomeText, providerCountsText, providerDetailsText, providerStateText } from './audit';

describe('audit page logic', () => {
  it('maps the filter to the query: blanks left out, values trimmed, the cursor of the next page', () => {
    expect(auditQuery({})).toEqual({ limit: 50 });
    expect(auditQuery({ from: '2026-11-26', to: '', actor: ' clerk1 ', action: '  ', objectId: 'XJ-1', outcome: 'ok' }, '42', 20)).toEqual({
      from: '2026-11-26',
      actor: 'clerk1',
      objectId: 'XJ-1',
      outcome: 'ok',
      limit: 20,
      cursor: '42',
    });
  });

  it('lists the problems of a filter in Chinese', () => {
    expect(auditFilterProblems({ from: '2026-11-26', to: '2026-11-30' })).toEqual([]);
    expect(auditFilterProblems({ from: '2026-12-01', to: '2026-11-30' })).toEqual(['起始日期不能晚于截止日期']);
    expect(auditFilterProblems({ from: '26.11.2026' })).toEqual(['起始日期格式应为 2026-11-26']);
  });

  it('shows outcomes and times in Chinese (China time)', () => {
    expect(outcomeText('ok')).toBe('成功');
    expect(outcomeText('INVALID_CREDENTIALS')).toBe('失败：INVALID_CREDENTIALS');
    expect(chinaTime('2026-12-07T04:16:54.123Z')).toBe('2026年12月7日 12:16:54');
    expect(chinaTime('2026-12-31T16:00:00Z')).toBe('2027年1月1日 00:00:00');
    expect(chinaTime('nonsense')).toBe('nonsense');
  });

  it('names the provider states, counts and connection state in Chinese', () => {
    expect(providerStateText('up')).toEqual({ text: '正常', color: 'success' });
    expect(providerStateText('cooling_down').text).toBe('冷却中');
    expect(providerStateText('probing').text).toBe('探测中');
    expect(providerCountsText({ delivered: 12, sending: 0, temporary_failure: 1 })).toBe('已送达 12，暂时失败 1');
    expect(providerCountsText({})).toBe('暂无发送');
    expect(providerDetailsText({ connected: true, bound: false, outstanding: 0, reconnects: 1 })).toBe('已连接：是，已绑定：否，待应答：0，重连次数：1');
    expect(providerDetailsText(undefined)).toBe('—');
  });
});
