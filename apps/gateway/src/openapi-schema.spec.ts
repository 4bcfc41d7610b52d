import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, jest } from '@jest/globals';

// as in http/access.spec.ts: @nestjs/throttler (CommonJS requiring ESM-only @nestjs/common) cannot load in Jest's
// ESM mode; its decorators add nothing to the OpenAPI document, so no-ops stand in
jest.unstable_mockModule('@nestjs/throttler', () => ({
  Throttle: () => () => undefined,
  ThrottlerGuard: class ThrottlerGuard {},
  ThrottlerModule: { forRoot: () => ({ module: class ThrottlerModule {} }) },
}));
const { CONSOLE_SCHEMA_PATH, consoleSchemaText, gatewayOpenApi } = await import('./openapi-schema.js');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe("the console's generated API client", () => {
  it('is up to date with the gateway: a new or changed route needs `node tools/console-api.mjs` and a commit', async () => {
    const doc = await gatewayOpenApi();
    expect(Object.keys(doc.paths)).toContain('/api/v1/auth/login');
    const committed = await readFile(path.join(root, CONSOLE_SCHEMA_PATH), 'utf8');
    const fresh = await consoleSchemaText(doc);
    // compare the lists of operations first: the failure then names the route that was forgotten
    const ops = (text: string) => [...text.matchAll(/^ {4}"(\/api\/[^"]+)": \{/gm)].map((m) => m[1]);
    expect(ops(committed)).toEqual(ops(fresh));
    expect(committed === fresh).toBe(true);
  });
});
