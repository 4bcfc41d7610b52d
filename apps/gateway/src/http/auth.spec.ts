import { describe, expect, it } from '@jest/globals';
import { Controller, Get, Post, type ExecutionContext } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { AppError } from '@yichuang/contracts';
import { Clock } from '@yichuang/platform';
import { TEST_INSTANT } from '@yichuang/testing';
import { AuthGuard, tokenTime, type AuthedRequest, type TokenStates } from './auth.js';

/** admin not asked: every token's account taken as active at version 0 */
const noStates = { current: async () => undefined } as unknown as TokenStates;

const secret = createSecretKey(Buffer.from('a-test-secret-of-enough-length-0123456789', 'utf8'));
const jwt = new JwtService({ secret, signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } });

@Controller('v1/test')
class TestRoutes {
  @Post('work')
  work() {
    return undefined;
  }

  @Get('open')
  open() {
    return undefined;
  }

  @Get('forgotten')
  forgotten() {
    return undefined;
  }

  notARoute() {
    return undefined;
  }
}

/** the matrix of these tests: `forgotten` is missing from it */
const MATRIX = { 'POST /api/v1/test/work': ['clerk', 'admin'], 'GET /api/v1/test/open': 'public' } as const;

function contextWith(token: string | undefined, route: keyof TestRoutes = 'work'): { ctx: ExecutionContext; req: AuthedRequest } {
  const req = { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } } as unknown as AuthedRequest;
  const handler = TestRoutes.prototype[route];
  const ctx = {
    getHandler: () => handler,
    getClass: () => TestRoutes,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

/** The gateway's clock at a fixed instant, and a token signed by it (as the login does): valid `expiresIn` seconds. */
function clockAndSigner(): { clock: Clock; sign: (claims: object, expiresIn: number) => Promise<string> } {
  const clock = new Clock(new Date(TEST_INSTANT));
  return { clock, sign: (claims, expiresIn) => jwt.signAsync({ ...claims, iat: tokenTime(clock) }, { expiresIn }) };
}

describe('AuthGuard (bearer JWT, verified tokens kept in memory until they expire)', () => {
  it('lets a valid token through, the second time from memory, with the same actor', async () => {
    // valid by the gateway's clock, whatever the machine's date
    const { clock, sign } = clockAndSigner();
    const guard = new AuthGuard(jwt, clock, noStates, MATRIX);
    const token = await sign({ sub: 'clerk1', roles: ['clerk', 'not-a-role'], window: 'W01' }, 60);
    for (let i = 0; i < 2; i++) {
      const { ctx, req } = contextWith(token);
      await expect(guard.canActivate(ctx)).resolves.toBe(true);
      expect(req.actor).toEqual({ username: 'clerk1', roles: ['clerk'], window: 'W01' });
    }
  });

  it('refuses a token with a wrong signature, even one differing from a verified token only there', async () => {
    const { clock, sign } = clockAndSigner();
    const guard = new AuthGuard(jwt, clock, noStates, MATRIX);
    const token = await sign({ sub: 'clerk1', roles: ['clerk'] }, 60);
    await guard.canActivate(contextWith(token).ctx);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(guard.canActivate(contextWith(forged).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const other = new JwtService({ secret: 'another-secret-another-secret-another' });
    await expect(guard.canActivate(contextWith(await other.signAsync({ sub: 'admin', roles: ['admin'] })).ctx)).rejects.toBeInstanceOf(AppError);
  });

  it('refuses a token once it has expired, although it was verified before', async () => {
    const { clock, sign } = clockAndSigner();
    const guard = new AuthGuard(jwt, clock, noStates, MATRIX);
    const token = await sign({ sub: 'clerk1', roles: ['clerk'] }, 60);
    const signedAt = clock.now().getTime();
    await expect(guard.canActivate(contextWith(token).ctx)).resolves.toBe(true);
    clock.set(new Date(signedAt + 58_000));
    await expect(guard.canActivate(contextWith(token).ctx)).resolves.toBe(true);
    clock.set(new Date(signedAt + 61_000));
    await expect(guard.canActivate(contextWith(token).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // and a fresh guard (nothing in memory) refuses it too: the signature check reads the same clock
    await expect(new AuthGuard(jwt, clock, noStates, MATRIX).canActivate(contextWith(token).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('AuthGuard (revocation by the account state from admin)', () => {
  it('refuses the token of a disabled account or of an older token version, even from memory', async () => {
    const { clock, sign } = clockAndSigner();
    let state = { username: 'clerk1', active: true, tokenVersion: 2 };
    const states = { current: async () => state } as unknown as TokenStates;
    const guard = new AuthGuard(jwt, clock, states, MATRIX);
    const token = await sign({ sub: 'clerk1', roles: ['clerk'], tv: 2 }, 60);
    await expect(guard.canActivate(contextWith(token).ctx)).resolves.toBe(true);
    const older = await sign({ sub: 'clerk1', roles: ['clerk'], tv: 1 }, 60);
    await expect(guard.canActivate(contextWith(older).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    state = { ...state, active: false };
    await expect(guard.canActivate(contextWith(token).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    state = { ...state, active: true, tokenVersion: 3 };
    await expect(guard.canActivate(contextWith(token).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('AuthGuard (the access matrix)', () => {
  it('lets anyone call a public route, and refuses a route missing from the matrix even with a good token', async () => {
    const { clock, sign } = clockAndSigner();
    const guard = new AuthGuard(jwt, clock, noStates, MATRIX);
    await expect(guard.canActivate(contextWith(undefined, 'open').ctx)).resolves.toBe(true);
    const admin = await sign({ sub: 'admin', roles: ['admin'] }, 60);
    await expect(guard.canActivate(contextWith(admin, 'forgotten').ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(guard.canActivate(contextWith(undefined, 'forgotten').ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(guard.canActivate(contextWith(admin, 'notARoute').ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('needs a token on a protected route (401) and one of its roles (403)', async () => {
    const { clock, sign } = clockAndSigner();
    const guard = new AuthGuard(jwt, clock, noStates, MATRIX);
    await expect(guard.canActivate(contextWith(undefined).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const reviewer = await sign({ sub: 'fgw1', roles: ['reviewer'], department: 'FGW' }, 60);
    await expect(guard.canActivate(contextWith(reviewer).ctx)).rejects.toMatchObject({ code: 'FORBIDDEN', details: [{ field: 'role', roles: ['clerk', 'admin'] }] });
    const admin = await sign({ sub: 'admin', roles: ['admin'] }, 60);
    await expect(guard.canActivate(contextWith(admin).ctx)).resolves.toBe(true);
  });
});
