import { AppError, type Actor } from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';

/**
 * The caller, when it is a reviewer (with `head`: the head) of the department that issued the document. Another
 * department's document does not exist for it (NOT_FOUND); a reviewer who is not the head may not revoke (FORBIDDEN).
 */
export function issuingDepartment(doc: { departmentCode: string | null } | null, head: boolean): Actor {
  const actor = requireActor('reviewer');
  if (!doc || !doc.departmentCode || doc.departmentCode !== actor.department) throw AppError.notFound('certificate');
  if (head && !actor.roles.includes('department_head')) throw new AppError('FORBIDDEN', 'only the head of the issuing department revokes or withdraws a document');
  return actor;
}
