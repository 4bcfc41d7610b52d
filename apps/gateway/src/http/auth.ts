import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { AppError, ROLES, type Actor, type Role } from '@yichuang/contracts';
import { Clock } from '@yichuang/platform';
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

/**
 * "Now" for access tokens, in the seconds of JWT's `iat`/`exp`: from the gateway's Clock, both when a token is
 * signed (its `iat`, hence its `exp`) and when it is checked, so that issuing and expiry read one time source.
 */
export function tokenTime(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

/** Bearer JWT on every endpoint not marked @Public(); role check from @Roles(). */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Tokens already verified, with their actor: a terminal sends the same token with every request, and checking
   * its HMAC again each time was a tenth of the gateway's CPU per request. Keyed by the whole token (same
   * string, same signature), kept five minutes and never used past the token's expiry (by the Clock).
   */
  private readonly verified = new LRUCache<string, { actor: Actor; expiresAtMs: number }>({ max: 10_000, ttl: VERIFIED_TTL_MS });

  constructor(
    private readonly jwt: JwtService,
    private readonly reflector: Reflector,
    private readonly clock: Clock,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) throw new AppError('UNAUTHORIZED', 'missing bearer token');
    const actor = this.remembered(token) ?? (await this.verify(token));
    req.actor = { ...actor, roles: [...actor.roles] };
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (needed && !needed.some((r) => actor.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `this needs the role ${needed.join(' or ')}`);
    }
    return true;
  }

  private remembered(token: string): Actor | undefined {
    const hit = this.verified.get(token);
    if (!hit) return undefined;
    if (this.clock.now().getTime() < hit.expiresAtMs) return hit.actor;
    this.verified.delete(token);
    return undefined;
  }

  private async verify(token: string): Promise<Actor> {
    let claims: { sub: string; roles: Role[]; department?: string; window?: string; exp?: number };
    try {
      claims = await this.jwt.verifyAsync(token, { clockTimestamp: tokenTime(this.clock) });
    } catch {
      throw new AppError('UNAUTHORIZED', 'invalid or expired token');
    }
    const actor: Actor = {
      username: claims.sub,
      roles: (claims.roles ?? []).filter((r) => (ROLES as readonly string[]).includes(r)),
      ...(claims.department ? { department: claims.department } : {}),
      ...(claims.window ? { window: claims.window } : {}),
    };
    // a token without an expiry is checked every time
    if (typeof claims.exp === 'number') this.verified.set(token, { actor, expiresAtMs: claims.exp * 1000 });
    return actor;
  }
}
