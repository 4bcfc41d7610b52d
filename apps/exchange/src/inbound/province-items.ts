import { RATING_LEVELS, SERVICE_EVENT_KINDS, type InboundKind, type ProvinceRatingRequest, type RatingLevel } from '@yichuang/contracts';

/**
 * What the provincial 政务服务网 pushes, kind by kind (pure rules; `InboundService` keeps and forwards them):
 * - `applications` `{id, submittedAt, application}`: the application as `POST /api/v1/portal/applications` takes it;
 * - `complaints` `{id, submittedAt, complaint: {topic, question, contactName, phone, caseNo?}}`;
 * - `ratings` `{id, submittedAt, rating: {caseNo, score 1–5, comment?, service?, departmentCode?}}` — the national
 *   好差评's five scores (5 非常满意 … 1 非常不满意); `service` `acceptance` | `decision` | `handover` (受理 / 审批 / 领证).
 */
export const BODY_FIELD: Record<InboundKind, 'application' | 'complaint' | 'rating'> = { applications: 'application', complaints: 'complaint', ratings: 'rating' };

/** The item's key in `inbound_item`: an application's stays `zwfw:<id>` (as first built), the others name their kind. */
export function inboundId(kind: InboundKind, provinceId: string): string {
  return kind === 'applications' ? `zwfw:${provinceId}` : `zwfw:${kind}:${provinceId}`;
}

/** The Idempotency-Key the receiving service records the item under: a repeat gives the same result, never a second. */
export function idempotencyKey(inboundItemId: string): string {
  return `province-${inboundItemId.replaceAll(':', '-')}`;
}

/** The problems of a push's envelope (the content is checked by the service it is for). */
export function envelopeProblems(kind: InboundKind, item: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (typeof item['id'] !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(item['id'])) problems.push('id: 1–64 letters, digits, _ or -');
  if (typeof item['submittedAt'] !== 'string' || Number.isNaN(Date.parse(item['submittedAt']))) problems.push('submittedAt: an ISO time');
  const body = item[BODY_FIELD[kind]];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) problems.push(`${BODY_FIELD[kind]}: an object`);
  return problems;
}

/** national score → our level: 5 very_satisfied … 1 very_dissatisfied */
const SCORE_LEVEL: Record<number, RatingLevel> = { 5: 'very_satisfied', 4: 'satisfied', 3: 'basic', 2: 'dissatisfied', 1: 'very_dissatisfied' };

/** A rating as the province sends it → evaluation's request, or the problems that make it one nobody can take. */
export function ratingRequest(r: Record<string, unknown>): { request: ProvinceRatingRequest } | { problems: string[] } {
  const problems: string[] = [];
  const level = typeof r['score'] === 'number' ? SCORE_LEVEL[r['score']] : typeof r['level'] === 'string' && (RATING_LEVELS as readonly string[]).includes(r['level']) ? (r['level'] as RatingLevel) : undefined;
  if (!level) problems.push('score: 1–5 (5 非常满意 … 1 非常不满意)');
  if (typeof r['caseNo'] !== 'string') problems.push('caseNo: the case number (办件编号)');
  const service = r['service'];
  if (service !== undefined && !(SERVICE_EVENT_KINDS as readonly unknown[]).includes(service)) problems.push(`service: one of ${SERVICE_EVENT_KINDS.join(', ')}`);
  if (r['comment'] !== undefined && typeof r['comment'] !== 'string') problems.push('comment: text');
  if (r['departmentCode'] !== undefined && typeof r['departmentCode'] !== 'string') problems.push('departmentCode: a department code');
  if (problems.length || !level) return { problems };
  return {
    request: {
      caseNo: r['caseNo'] as string,
      level,
      ...(typeof r['comment'] === 'string' && r['comment'] ? { comment: r['comment'] } : {}),
      ...(service ? { service: service as ProvinceRatingRequest['service'] } : {}),
      ...(typeof r['departmentCode'] === 'string' ? { departmentCode: r['departmentCode'] } : {}),
    },
  };
}
