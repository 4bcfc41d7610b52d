import type { EvaluationView } from '@yichuang/contracts';
import type { Evaluation, Rectification } from './rating.entities.js';

export function view(e: Evaluation, r: Pick<Rectification, 'status' | 'dueDate' | 'handler'> | null): EvaluationView {
  return {
    id: e.id,
    caseNo: e.caseNo,
    level: e.level,
    channel: e.channel,
    bad: e.bad,
    createdAt: e.createdAt.toISOString(),
    ...(e.windowNo ? { windowNo: e.windowNo } : {}),
    ...(e.comment ? { comment: e.comment } : {}),
    ...(r ? { rectification: { status: r.status, dueDate: r.dueDate, ...(r.handler ? { handler: r.handler } : {}) } } : {}),
  };
}
