/**
 * Fuzzing every operation of the gateway's OpenAPI document (issue 11): valid-ish and hostile path parameters,
 * queries and bodies, with a fixed seed and a small budget; nothing may answer a 5xx. The long run is
 * `node tools/bench/fuzz.mjs` (≥ 100,000 inputs).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fuzzOperations, fuzzRequests, runFuzz } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

const SEED = 11;
const BUDGET = 1_200;

describe('fuzzing the OpenAPI document: no input gets a 5xx', () => {
  let e: E2E;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    e = await startE2E();
    for (const [role, user] of [['clerk', 'clerk1'], ['reviewer', 'zrzy1'], ['supervisor', 'supervisor1'], ['admin', 'admin']] as const) tokens[role] = await e.http.login(user);
  });

  afterAll(async () => {
    await e?.stop();
  });

  it(`answers ${BUDGET} generated requests over every operation without a 5xx`, async () => {
    const doc = (await e.http.get<Parameters<typeof fuzzOperations>[0]>('/api/docs-json')).body;
    expect(fuzzOperations(doc).length).toBeGreaterThan(30);
    const requests = fuzzRequests(doc, BUDGET, SEED, ['clerk', 'reviewer', 'supervisor', 'admin', undefined]);
    const result = await runFuzz(e.system.baseUrl, requests, tokens, 4);
    process.stdout.write(`fuzz histogram (seed ${SEED}): ${JSON.stringify(result.histogram)}, sent again after a connection failure: ${result.retried}\n`);
    expect(result.failures.slice(0, 5)).toEqual([]);
  });
});
