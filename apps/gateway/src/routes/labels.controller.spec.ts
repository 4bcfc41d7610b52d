import { describe, expect, it } from '@jest/globals';
import { CASE_STATUSES, LABELS, PROCEDURES, STAGES } from '@yichuang/domain';
import { LabelsController } from './labels.controller.js';

describe('GET /api/v1/labels', () => {
  const answer = JSON.parse(JSON.stringify(new LabelsController().labels())) as Record<string, Record<string, string>>;

  it('gives a terminal the same names the SMS and the documents use', () => {
    expect(answer['procedure']).toEqual({
      site_inspection: '联合踏勘',
      consultation: '部门会商',
      expert_review: '专家评审',
      public_notice: '公示',
      hearing: '听证',
      testing: '检验检测',
    });
    expect(answer['outcome']).toEqual({ approve: '准予许可', deny: '不予许可' });
  });

  it('names every code of every list, as JSON (numeric codes as strings)', () => {
    expect(Object.keys(answer).sort()).toEqual(Object.keys(LABELS).sort());
    for (const [list, { codes }] of Object.entries(LABELS)) expect(Object.keys(answer[list] ?? {}).sort()).toEqual(codes.map(String).sort());
    expect(Object.keys(answer['caseStatus'] ?? {})).toEqual([...CASE_STATUSES]);
    expect(Object.keys(answer['stage'] ?? {})).toEqual(STAGES.map(String));
    expect(Object.keys(answer['procedure'] ?? {})).toEqual([...PROCEDURES]);
  });
});
