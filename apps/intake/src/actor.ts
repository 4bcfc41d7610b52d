import { AppError, type Actor, type Role } from '@yichuang/contracts';
import { requestContext } from '@yichuang/platform';

/** The acting user, who must hold one of `roles`. */
export function requireActor(...roles: Role[]): Actor {
  const actor = requestContext.actor();
  if (!actor) throw new AppError('UNAUTHORIZED', 'no acting user on the request');
  if (roles.length > 0 && !roles.some((r) => actor.roles.includes(r))) {
    throw new AppError('FORBIDDEN', `requires role ${roles.join(' or ')}`);
  }
  return actor;
}
