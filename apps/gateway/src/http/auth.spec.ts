import { describe, expect, it } from '@jest/globals';
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
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

function contextWith(token: string): { ctx: ExecutionContext; req: AuthedRequest } {
  const req = { headers: { authorization: `Bearer ${token}` } } as unknown as AuthedRequest;
  const handler = () => undefined;
  const ctx = {
    getHandler: () => handler,
    getClass: () => class Route {},
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
    const guard = new AuthGuard(jwt, new Reflector(), clock, noStates);
    const token = await sign({ sub: 'clerk1', roles: ['clerk', 'not-a-role'], window: 'W01' }, 60);
    for (let i = 0; i < 2; i++) {
      const { ctx, req } = contextWith(token);
      await expect(guard.canActivate(ctx)).resolves.toBe(true);
      expect(req.actor).toEqual({ username: 'clerk1', roles: ['clerk'], window: 'W01' });
    }
  });

  it('refuses a token with a wrong signature, even one differing from a verified token only there', async () => {
    const { clock, sign } = clockAndSigner();
    const guard = new AuthGuard(jwt, new Reflector(), clock, noStates);
    const token = await sign({ sub: 'clerk1', roles: ['clerk'] }, 60);
    await guard.canActivate(contextWith(token).ctx);
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(guard.canActivate(contextWith(forged).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const other = new JwtService({ secret: 'another-secret-another-secret-another' });
    await expect(guard.canActivate(contextWith(await other.signAsync({ sub: 'admin', roles: ['admin'] })).ctx)).rejects.toBeInstanceOf(AppError);
  });

  it('refuses a token once it has expired, although it was verified before', async () => {
    const { clock, sign } = clockAndSigner();
    const guard = new AuthGuard(jwt, new Reflector(), clock, noStates);
    const token = await sign({ sub: 'clerk1', roles: ['clerk'] }, 60);
    const signedAt = clock.now().getTime();
    await expect(guard.canActivate(contextWith(token).ctx)).resolves.toBe(true);
    clock.set(new Date(signedAt + 58_000));
    await expect(guard.canActivate(contextWith(token).ctx)).resolves.toBe(true);
    clock.set(new Date(signedAt + 61_000));
    await expect(guard.canActivate(contextWith(token).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    // and a fresh guard (nothing in memory) refuses it too: the signature check reads the same clock
    await expect(new AuthGuard(jwt, new Reflector(), clock, noStates).canActivate(contextWith(token).ctx)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('AuthGuard (revocation by the account state from admin)', () => {
  it('refuses the token of a disabled account or of an older token version, even from memory', async () => {
    const { clock, sign } = clockAndSigner();
    let state = { username: 'clerk1', active: true, tokenVersion: 2 };
    const states = { current: async () => state } as unknown as TokenStates;
    const guard = new AuthGuard(jwt, new Reflector(), clock, states);
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
