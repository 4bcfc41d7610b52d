import { describe, expect, it } from '@jest/globals';
import { DEV_JWT_SECRET, loadGatewayEnv, trustProxySetting } from './config.js';

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

describe('TRUST_PROXY', () => {
  it("turns into Express's trust proxy setting: nobody by default, named proxies, CIDRs or a hop count", () => {
    expect(trustProxySetting(loadGatewayEnv({ NODE_ENV: 'test' }).TRUST_PROXY)).toBeUndefined();
    expect(trustProxySetting(loadGatewayEnv({ NODE_ENV: 'test', TRUST_PROXY: 'loopback' }).TRUST_PROXY)).toEqual(['loopback']);
    expect(trustProxySetting(loadGatewayEnv({ NODE_ENV: 'test', TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.7' }).TRUST_PROXY)).toEqual(['loopback', '10.0.0.0/8', '192.168.1.7']);
    expect(trustProxySetting(loadGatewayEnv({ NODE_ENV: 'test', TRUST_PROXY: '2' }).TRUST_PROXY)).toBe(2);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => loadGatewayEnv({ NODE_ENV: 'test', TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => loadGatewayEnv({ NODE_ENV: 'test', TRUST_PROXY: 'everyone; rm -rf' })).toThrow(/TRUST_PROXY/);
  });
});
