import { AppError, type Actor, type Role } from '@yichuang/contracts';
import { requestContext } from './request-context.js';

/** The acting user of the current request, who must hold one of `roles` (any role when none given). */
export function requireActor(...roles: Role[]): Actor {
  const actor = requestContext.actor();
  if (!actor) throw new AppError('UNAUTHORIZED', 'no acting user on the request');
  if (roles.length > 0 && !roles.some((r) => actor.roles.includes(r))) {
    throw new AppError('FORBIDDEN', `requires role ${roles.join(' or ')}`);
  }
  return actor;
}
