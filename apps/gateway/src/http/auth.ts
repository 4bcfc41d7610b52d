import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AppError, ROLES, type Actor, type Role } from '@yichuang/contracts';
import type { Request } from 'express';

export const IS_PUBLIC = 'yc:public';
export const ROLES_KEY = 'yc:roles';

/** The endpoint needs no token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The caller must hold one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export interface AuthedRequest extends Request {
  actor?: Actor;
}

/** Bearer JWT on every endpoint not marked @Public(); role check from @Roles(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) throw new AppError('UNAUTHORIZED', 'missing bearer token');
    let claims: { sub: string; roles: Role[]; department?: string; window?: string };
    try {
      claims = await this.jwt.verifyAsync(token);
    } catch {
      throw new AppError('UNAUTHORIZED', 'invalid or expired token');
    }
    const actor: Actor = {
      username: claims.sub,
      roles: (claims.roles ?? []).filter((r) => (ROLES as readonly string[]).includes(r)),
      ...(claims.department ? { department: claims.department } : {}),
      ...(claims.window ? { window: claims.window } : {}),
    };
    req.actor = actor;
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (needed && !needed.some((r) => actor.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `this needs the role ${needed.join(' or ')}`);
    }
    return true;
  }
}
