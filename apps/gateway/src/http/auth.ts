import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AppError, ROLES, type Actor, type Role } from '@yichuang/contracts';
import type { Request } from 'express';
import { LRUCache } from 'lru-cache';

export const IS_PUBLIC = 'yc:public';
export const ROLES_KEY = 'yc:roles';

/** The endpoint needs no token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** The caller must hold one of these roles. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export interface AuthedRequest extends Request {
  actor?: Actor;
}

/** at most this long a verified token is taken from memory (and never past its own expiry) */
const VERIFIED_TTL_MS = 5 * 60_000;

/** Bearer JWT on every endpoint not marked @Public(); role check from @Roles(). */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Tokens already verified, with their actor: a terminal sends the same token with every request, and checking
   * its HMAC again each time was a tenth of the gateway's CPU per request. Keyed by the whole token (same
   * string, same signature), kept until the token expires or five minutes, whichever comes first.
   */
  private readonly verified = new LRUCache<string, Actor>({ max: 10_000 });

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
    const actor = this.verified.get(token) ?? (await this.verify(token));
    req.actor = { ...actor, roles: [...actor.roles] };
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (needed && !needed.some((r) => actor.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `this needs the role ${needed.join(' or ')}`);
    }
    return true;
  }

  private async verify(token: string): Promise<Actor> {
    let claims: { sub: string; roles: Role[]; department?: string; window?: string; exp?: number };
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
    const ttl = Math.min(VERIFIED_TTL_MS, typeof claims.exp === 'number' ? claims.exp * 1000 - Date.now() : 0);
    if (ttl > 0) this.verified.set(token, actor, { ttl });
    return actor;
  }
}
