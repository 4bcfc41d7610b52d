import { CanActivate, ExecutionContext, Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ACCESS_MATRIX, ACCESS_ROLES, APPLICANT_ROLE, AppError, DURING_PASSWORD_CHANGE, Rpc, type Actor, type Role, type RouteAccess, type TokenState } from '@yichuang/contracts';
import { Clock, RpcClient } from '@yichuang/platform';
import type { GatewayEnv } from '../config.js';
import { GATEWAY_ENV } from '../tokens.js';
import { routeKeysOf } from './access.js';
import type { Request } from 'express';
import { performance } from 'node:perf_hooks';
import { LRUCache } from 'lru-cache';

/** Injection token of the access matrix the AuthGuard enforces (ACCESS_MATRIX unless a test gives another). */
export const ACCESS_MATRIX_TOKEN = Symbol('ACCESS_MATRIX');

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

/**
 * Whether access tokens are still good beyond their signature: the account active and the token's version (`tv`)
 * the account's current one (raised by admin when the account is disabled or its password changes). Asked of
 * admin per account and kept TOKEN_STATE_CACHE_MS (5 s by default): a revoked token is refused within that
 * window, at the cost of one small RPC per account and window. When admin does not answer, the last known state
 * is used, else the token is let through (it is signed and expires within JWT_TTL_SECONDS): the hall keeps
 * working while admin restarts.
 */
@Injectable()
export class TokenStates {
  private readonly logger = new Logger('TokenStates');
  private readonly known = new LRUCache<string, { state: TokenState; atMs: number }>({ max: 10_000 });
  private readonly asking = new Map<string, Promise<TokenState | undefined>>();

  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  async current(username: string): Promise<TokenState | undefined> {
    const hit = this.known.get(username);
    // elapsed time (how long the state has been kept), not business time: a moved Clock must not stretch it
    if (hit && performance.now() - hit.atMs < this.env.TOKEN_STATE_CACHE_MS) return hit.state;
    let pending = this.asking.get(username);
    if (!pending) {
      pending = this.rpc
        .request(Rpc.admin.tokenState, { username }, { timeoutMs: 2000 })
        .then((state) => {
          this.known.set(username, { state, atMs: performance.now() });
          return state;
        })
        .catch((err: Error) => {
          this.logger.warn(`token state of ${username} unknown (${err.message}): ${hit ? 'the last known state is used' : 'the token is let through'}`);
          return hit?.state;
        })
        .finally(() => this.asking.delete(username));
      this.asking.set(username, pending);
    }
    return pending;
  }

  /** After a change through this gateway (disable, password), forget at once. */
  forget(username: string): void {
    this.known.delete(username);
  }
}

/** A verified access token: who, the account's token version it was signed with (`tv`) and its login (`sid`). */
interface VerifiedToken {
  actor: Actor;
  tokenVersion: number;
  sessionId: string | undefined;
  /** `pwc`: the password the administrator set is still to be changed */
  mustChangePassword: boolean;
}

/**
 * Who may call which route, from ACCESS_MATRIX (libs/contracts) alone: a route missing from it is refused (403, deny
 * by default); a public one needs no token; any other a valid bearer JWT (401 otherwise) of an account holding one of
 * the route's roles (403 otherwise). Revoked tokens are refused (TokenStates).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * Tokens already verified, with their actor: a terminal sends the same token with every request, and checking
   * its HMAC again each time was a tenth of the gateway's CPU per request. Keyed by the whole token (same
   * string, same signature), kept five minutes and never used past the token's expiry (by the Clock).
   */
  private readonly verified = new LRUCache<string, VerifiedToken & { expiresAtMs: number }>({ max: 10_000, ttl: VERIFIED_TTL_MS });

  /** each handler's entry of the matrix, looked up once (null: the route is not in the matrix) */
  private readonly accessOf = new WeakMap<object, { key: string; access: RouteAccess | null }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly states: TokenStates,
    @Optional() @Inject(ACCESS_MATRIX_TOKEN) private readonly matrix: Readonly<Record<string, RouteAccess>> = ACCESS_MATRIX,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { key, access } = this.access(ctx);
    if (access === null) throw new AppError('FORBIDDEN', `the route ${key} is not in the access matrix`);
    if (access === 'public') return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const header = req.headers.authorization ?? '';
    const [scheme, token] = header.split(' ');
    if (scheme !== 'Bearer' || !token) throw new AppError('UNAUTHORIZED', 'missing bearer token');
    const { actor, tokenVersion, sessionId, mustChangePassword } = this.remembered(token) ?? (await this.verify(token));
    // an applicant's portal token names no account (nothing to revoke at admin): it is short-lived and one case only
    const state = actor.roles.includes(APPLICANT_ROLE) ? undefined : await this.states.current(actor.username);
    if (state && (!state.active || state.tokenVersion !== tokenVersion)) {
      throw new AppError('UNAUTHORIZED', 'the token was revoked (account disabled or password changed)');
    }
    if (state && sessionId && state.revokedSessions?.includes(sessionId)) {
      throw new AppError('UNAUTHORIZED', 'the token was revoked (logged out)');
    }
    if (mustChangePassword && !DURING_PASSWORD_CHANGE.includes(key)) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED', 'change the password the administrator set first (POST /api/v1/auth/password)');
    }
    req.actor = { ...actor, roles: [...actor.roles] };
    if (!access.some((r) => actor.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `this needs the role ${access.join(' or ')}`, [{ field: 'role', problem: `needs one of ${access.join(', ')}`, roles: [...access] }]);
    }
    return true;
  }

  private access(ctx: ExecutionContext): { key: string; access: RouteAccess | null } {
    const handler = ctx.getHandler();
    let hit = this.accessOf.get(handler);
    if (!hit) {
      const keys = routeKeysOf(ctx.getClass(), handler);
      const key = keys[0] ?? `${ctx.getClass().name}.${handler.name}`;
      // a handler on several paths must have one entry for each, all alike (else: refused)
      const entries = keys.map((k) => this.matrix[k]);
      const first = entries[0];
      const same = first !== undefined && entries.every((e) => e !== undefined && JSON.stringify(e) === JSON.stringify(first));
      hit = { key, access: same ? first : null };
      this.accessOf.set(handler, hit);
    }
    return hit;
  }

  private remembered(token: string): VerifiedToken | undefined {
    const hit = this.verified.get(token);
    if (!hit) return undefined;
    if (this.clock.now().getTime() < hit.expiresAtMs) return hit;
    this.verified.delete(token);
    return undefined;
  }

  private async verify(token: string): Promise<VerifiedToken> {
    let claims: { sub: string; roles: Role[]; department?: string; window?: string; exp?: number; tv?: number; sid?: string; pwc?: boolean; app?: string; case?: string };
    try {
      claims = await this.jwt.verifyAsync(token, { clockTimestamp: tokenTime(this.clock) });
    } catch {
      throw new AppError('UNAUTHORIZED', 'invalid or expired token');
    }
    const roles = (claims.roles ?? []).filter((r) => (ACCESS_ROLES as readonly string[]).includes(r));
    // an applicant token is that and nothing else, and must name its application
    if (roles.includes(APPLICANT_ROLE) && (roles.length !== 1 || typeof claims.app !== 'string')) throw new AppError('UNAUTHORIZED', 'invalid token');
    const actor: Actor = {
      username: claims.sub,
      roles,
      ...(claims.department ? { department: claims.department } : {}),
      ...(claims.window ? { window: claims.window } : {}),
      ...(roles.includes(APPLICANT_ROLE) && claims.app ? { applicationId: claims.app, ...(claims.case ? { caseNo: claims.case } : {}) } : {}),
    };
    // tokens signed before token versions existed carry none: version 0, the version of an unchanged account
    const tokenVersion = typeof claims.tv === 'number' ? claims.tv : 0;
    const sessionId = typeof claims.sid === 'string' ? claims.sid : undefined;
    const mustChangePassword = claims.pwc === true;
    // a token without an expiry is checked every time
    if (typeof claims.exp === 'number') this.verified.set(token, { actor, tokenVersion, sessionId, mustChangePassword, expiresAtMs: claims.exp * 1000 });
    return { actor, tokenVersion, sessionId, mustChangePassword };
  }
}
