/**
 * The status of a case (办件): one application accepted at the window, from acceptance to closing.
 *
 * | from               | to                 | when |
 * |--------------------|--------------------|------|
 * | accepted           | in_review          | the case is dispatched to the reviewing department(s) |
 * | accepted           | decided            | an instant item (即办件 / 告知承诺制) is decided at the window |
 * | in_review          | decided            | every review task of the case has been approved or denied |
 * | decided            | ready_for_delivery | the certificate or decision document is issued and waits for pick-up or mailing |
 * | ready_for_delivery | delivered          | the applicant picked it up or the post delivered it |
 * | delivered          | closed             | the case is finished (rating invited, archived) |
 * | decided            | closed             | only when there is no certificate to deliver (every item denied); needs `{ hasCertificate: false }` |
 *
 * `closed` is final. Every other move is refused.
 */

export const CASE_STATUSES = ['accepted', 'in_review', 'decided', 'ready_for_delivery', 'delivered', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** What a workflow engine is, `'case'` or `'task'`, for {@link InvalidTransitionError}. */
export type TransitionEntity = 'case' | 'task';

/** Thrown when a status change is not allowed. */
export class InvalidTransitionError extends Error {
  override readonly name = 'InvalidTransitionError';
  readonly entity: TransitionEntity;
  readonly from: string;
  readonly to: string;

  constructor(entity: TransitionEntity, from: string, to: string, reason?: string) {
    super(`a ${entity} cannot go from ${from} to ${to}${reason ? `: ${reason}` : ''}`);
    this.entity = entity;
    this.from = from;
    this.to = to;
  }
}

/** The allowed moves of a case; `decided → closed` is further guarded, see {@link canTransitionCase}. */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = Object.freeze({
  accepted: Object.freeze(['in_review', 'decided'] as const),
  in_review: Object.freeze(['decided'] as const),
  decided: Object.freeze(['ready_for_delivery', 'closed'] as const),
  ready_for_delivery: Object.freeze(['delivered'] as const),
  delivered: Object.freeze(['closed'] as const),
  closed: Object.freeze([] as const),
});

/** Facts a guarded move needs. */
export interface CaseTransitionContext {
  /** Whether the decision produced at least one certificate or licence to deliver. */
  hasCertificate?: boolean;
}

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value);
}

/** True for `closed`, the only final status. */
export function isFinalCaseStatus(status: CaseStatus): boolean {
  return CASE_TRANSITIONS[status].length === 0;
}

/**
 * Whether a case may move from `from` to `to`. `decided → closed` is allowed only when the
 * context says explicitly `hasCertificate: false`; without it the move is refused.
 */
export function canTransitionCase(from: CaseStatus, to: CaseStatus, context: CaseTransitionContext = {}): boolean {
  return refusal(from, to, context) === null;
}

/** @throws InvalidTransitionError when {@link canTransitionCase} is false. */
export function assertCaseTransition(from: CaseStatus, to: CaseStatus, context: CaseTransitionContext = {}): void {
  const reason = refusal(from, to, context);
  if (reason !== null) throw new InvalidTransitionError('case', from, to, reason || undefined);
}

/** Null when allowed; else a reason ('' when the move is simply not in the table). */
function refusal(from: CaseStatus, to: CaseStatus, context: CaseTransitionContext): string | null {
  if (!isCaseStatus(from) || !isCaseStatus(to)) return 'unknown status';
  if (!(CASE_TRANSITIONS[from] as readonly string[]).includes(to)) return '';
  if (from === 'decided' && to === 'closed' && context.hasCertificate !== false) {
    return 'a decided case with a certificate to deliver must be delivered before it is closed';
  }
  return null;
}
