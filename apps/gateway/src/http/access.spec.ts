import 'reflect-metadata';
import { describe, expect, it, jest } from '@jest/globals';
import { ACCESS_MATRIX, ACCESS_ROLES } from '@yichuang/contracts';
import { declaredRoutes } from './access.js';

// @nestjs/throttler is CommonJS requiring the ESM-only @nestjs/common, which Jest's ESM mode cannot load (see
// callbacks.int-spec.ts): its decorators are replaced by no-ops here; only the routes' own metadata is read.
jest.unstable_mockModule('@nestjs/throttler', () => ({
  Throttle: () => () => undefined,
  ThrottlerGuard: class ThrottlerGuard {},
  ThrottlerModule: { forRoot: () => ({ module: class ThrottlerModule {} }) },
}));
const { GATEWAY_CONTROLLERS } = await import('../app.module.js');

describe('the access matrix and the routes of the gateway', () => {
  const routes = declaredRoutes(GATEWAY_CONTROLLERS);

  it('finds the routes Nest declares', () => {
    expect(routes).toEqual(expect.arrayContaining(['GET /api/health', 'POST /api/v1/auth/login', 'GET /api/v1/cases/:caseNo', 'GET /api/v1/certificates/:id.pdf', 'GET /api/v1/queue/board/stream']));
    expect(new Set(routes).size).toBe(routes.length);
  });

  it('has an entry for every route of the app (a route missing would be refused to everyone)', () => {
    expect(routes.filter((r) => !(r in ACCESS_MATRIX))).toEqual([]);
  });

  it('names no route the app does not have', () => {
    expect(Object.keys(ACCESS_MATRIX).filter((k) => !routes.includes(k))).toEqual([]);
  });

  it('names only known roles, never an empty list', () => {
    for (const [key, access] of Object.entries(ACCESS_MATRIX)) {
      if (access === 'public') continue;
      expect([key, access.length > 0]).toEqual([key, true]);
      for (const role of access) expect([key, (ACCESS_ROLES as readonly string[]).includes(role)]).toEqual([key, true]);
    }
  });
});
