import { describe, expect, it } from '@jest/globals';
import { DEV_JWT_SECRET, loadGatewayEnv } from './config.js';

describe("the gateway's JWT secret", () => {
  it("refuses the repository's default outside tests", () => {
    expect(() => loadGatewayEnv({ NODE_ENV: 'development' })).toThrow(/JWT_SECRET/);
    expect(() => loadGatewayEnv({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET })).toThrow(/JWT_SECRET/);
  });

  it('accepts it under NODE_ENV=test or the explicit test flag, and any other secret', () => {
    expect(loadGatewayEnv({ NODE_ENV: 'test' }).JWT_SECRET).toBe(DEV_JWT_SECRET);
    expect(loadGatewayEnv({ NODE_ENV: 'development', ALLOW_DEV_JWT_SECRET: 'true' }).JWT_SECRET).toBe(DEV_JWT_SECRET);
    expect(loadGatewayEnv({ NODE_ENV: 'production', JWT_SECRET: 'a-random-secret-0123456789' }).JWT_TTL_SECONDS).toBe(900);
  });
});
