import type { EvaluationSubmittedV1, EventEnvelope, RectificationChangedV1 } from '@yichuang/contracts';
import type { ProvincialRecord } from './provincial-platform.js';

/** The national five levels as the provincial platforms number them: 5 非常满意 … 1 非常不满意. */
const LEVEL_SCORE: Record<string, number> = { very_satisfied: 5, satisfied: 4, basic: 3, dissatisfied: 2, very_dissatisfied: 1 };

/**
 * A rating (`yc.evt.evaluation.submitted.v1`) as the provincial platform is sent it; our id = the event id. Not one
 * made on the provincial 政务服务网 itself (channel `province`): the province has it already.
 */
export function ratingRecord(e: EventEnvelope<EvaluationSubmittedV1>): ProvincialRecord | undefined {
  if (e.data.channel === 'province') return undefined;
  return {
    id: e.id,
    kind: 'rating',
    occurredAt: e.data.submittedAt,
    data: { ratingId: e.data.evaluationId, caseNo: e.data.caseNo, level: e.data.level, score: LEVEL_SCORE[e.data.level] ?? null, channel: e.data.channel },
  };
}

/** the states that close a bad review: what the provincial platform is told (整改结果) */
const CLOSING = new Set(['rectified', 'cannot_rectify', 'invalid']);

/**
 * A bad review's outcome (`yc.evt.evaluation.rectification.changed.v1` with a closing state) as the provincial platform is
 * sent it; other state changes are not reported. Never the applicant's phone the event carries for the SMS.
 */
export function rectificationRecord(e: EventEnvelope<RectificationChangedV1>): ProvincialRecord | undefined {
  if (!CLOSING.has(e.data.status)) return undefined;
  return {
    id: e.id,
    kind: 'rectification',
    occurredAt: e.data.changedAt,
    data: { ratingId: e.data.evaluationId, caseNo: e.data.caseNo, status: e.data.status, action: e.data.action, ...(e.data.departmentCode ? { department: e.data.departmentCode } : {}) },
  };
}
