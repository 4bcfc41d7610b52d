import { describe, expect, it } from '@jest/globals';
import type { EvaluationSubmittedV1, EventEnvelope, RectificationChangedV1 } from '@yichuang/contracts';
import { ratingRecord, rectificationRecord } from './push-records.js';

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

describe('what the provincial 好差评 platform is told of a rating', () => {
  const rated = (channel: string): EventEnvelope<EvaluationSubmittedV1> => ({
    id: 'evt-2',
    type: 'yc.evt.evaluation.submitted.v1',
    source: 'evaluation',
    occurredAt: '2026-11-30T02:00:00.000Z',
    correlationId: 'c-2',
    data: { evaluationId: 'r-2', caseNo: 'XX-2', level: 'satisfied', channel, submittedAt: '2026-11-30T02:00:00.000Z' },
  });

  it('reports a rating made in the hall with the national score', () => {
    expect(ratingRecord(rated('pad'))).toEqual({ id: 'evt-2', kind: 'rating', occurredAt: '2026-11-30T02:00:00.000Z', data: { ratingId: 'r-2', caseNo: 'XX-2', level: 'satisfied', score: 4, channel: 'pad' } });
  });

  it('does not echo a rating made on the provincial 政务服务网 back to it', () => {
    expect(ratingRecord(rated('province'))).toBeUndefined();
  });
});
