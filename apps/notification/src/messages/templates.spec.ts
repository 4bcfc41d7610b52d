import { describe, expect, it } from '@jest/globals';
import { caseAcceptedSms, oneTimeNoticeSms, resultReadySms } from './templates.js';

const ctx = { signature: '新县政务服务中心', hallPhone: '0376-2962000' };

describe('SMS templates', () => {
  it('tells the case number at acceptance, in Chinese, within one long SMS', () => {
    const text = caseAcceptedSms(ctx, { name: '新县城投建设有限公司', project: '城北安置小区', items: 2, date: '2026-11-26', caseNo: '411523-2026-000001' });
    expect(text).toContain('411523-2026-000001');
    expect(text).toContain('已于2026-11-26受理');
    expect(text.startsWith('【新县政务服务中心】')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(200);
  });

  it('lists the documents ready for pick-up', () => {
    const text = resultReadySms(ctx, { name: '张三', caseNo: 'X-1', documents: ['建设用地规划许可证', '核准批复'] });
    expect(text).toContain('建设用地规划许可证、核准批复');
    expect(text).toContain('领取');
  });

  it('lists the first problems of a one-time notice and counts the rest', () => {
    const text = oneTimeNoticeSms(ctx, { name: '张三', documentNo: '新政服补告〔2026〕3号', problems: ['申请表', '营业执照', '规划图', '承诺书'] });
    expect(text).toContain('新政服补告〔2026〕3号');
    expect(text).toContain('1.申请表；2.营业执照；3.规划图等4项');
  });
});
