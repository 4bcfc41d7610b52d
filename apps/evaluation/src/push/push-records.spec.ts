import { describe, expect, it } from '@jest/globals';
import type { EventEnvelope, RectificationChangedV1 } from '@yichuang/contracts';
import { rectificationRecord } from './push-records.js';

const changed = (status: RectificationChangedV1['status']): EventEnvelope<RectificationChangedV1> => ({
  id: 'evt-1',
  type: 'yc.evt.evaluation.rectification.changed.v1',
  source: 'evaluation',
  occurredAt: '2026-11-30T02:00:00.000Z',
  correlationId: 'c-1',
  data: { evaluationId: 'r-1', caseNo: 'XX-1', status, action: 'rectify', phone: '13712345678', departmentCode: 'ZRZY', changedAt: '2026-11-30T02:00:00.000Z' },
});

describe('what the provincial 好差评 platform is told of a bad review', () => {
  it('reports the closing states with our event id, never the applicant phone', () => {
    for (const status of ['rectified', 'cannot_rectify', 'invalid'] as const) {
      const r = rectificationRecord(changed(status));
      expect(r).toEqual({ id: 'evt-1', kind: 'rectification', occurredAt: '2026-11-30T02:00:00.000Z', data: { ratingId: 'r-1', caseNo: 'XX-1', status, action: 'rectify', department: 'ZRZY' } });
      expect(JSON.stringify(r)).not.toContain('13712345678');
    }
  });

  it('does not report the steps in between', () => {
    expect(rectificationRecord(changed('rectifying'))).toBeUndefined();
    expect(rectificationRecord(changed('pending_verification'))).toBeUndefined();
  });
});
