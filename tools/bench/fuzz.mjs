#!/usr/bin/env node
/**
 * Fuzz every operation of the gateway's OpenAPI document (issue 11): generated path parameters, queries and bodies,
 * valid-ish and hostile (deep nesting, huge arrays, NUL and lone surrogates, prototype keys, wrong types, empty and
 * repeated parameters), with demo tokens of each role. Goal: no 5xx. Imports the built code: run
 * `node tools/build.mjs` first.
 *
 *   node tools/bench/fuzz.mjs [--n 100000] [--seed 11] [--concurrency 16] [--url http://127.0.0.1:3000 --password DEMO_PASSWORD]
 *
 * Without --url it starts the system the way the e2e harness does (fresh database on the local PostgreSQL or an
 * embedded one, a private NATS; TEST_NATS_URL / TEST_DATABASE_URL are honoured). Prints the status histogram and
 * every 5xx with a reproducer (method, URL, content type, body); exits 1 when there was any.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => pathToFileURL(path.join(root, 'dist', p)).href;
const fuzz = await import(dist('libs/testing/src/fuzz.js')).catch(() => {
  console.error('fuzz: dist/ is missing or stale; run `node tools/build.mjs` first');
  process.exit(1);
});

const args = new Map();
for (let i = 2; i < process.argv.length; i += 2) args.set(String(process.argv[i]).replace(/^--/, ''), String(process.argv[i + 1]));
const N = Number(args.get('n') ?? 100_000);
const SEED = Number(args.get('seed') ?? 11);
const CONCURRENCY = Number(args.get('concurrency') ?? 16);
const USERS = { clerk: 'clerk1', reviewer: 'zrzy1', supervisor: 'supervisor1', admin: 'admin' };
const PASSWORD = 'e2e-demo-password';

let baseUrl = args.get('url');
let password = args.get('password') ?? process.env.DEMO_PASSWORD ?? PASSWORD;
let stop = async () => undefined;
if (!baseUrl) {
  const platform = await import(dist('libs/platform/src/index.js'));
  const testing = await import(dist('libs/testing/src/index.js'));
  const infra = await testing.startTestInfra();
  const serviceDatabaseUrls = await platform.provisionServiceRoles(infra.databaseUrl, platform.BACKEND_SERVICES);
  const system = new platform.RunningSystem({
    root,
    databaseUrl: infra.databaseUrl,
    serviceDatabaseUrls,
    natsUrl: infra.natsUrl,
    port: await platform.freePort(),
    baseEnv: testing.testConfig.baseEnv,
    env: { DEMO_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', RPC_TIMEOUT_MS: '5000', CLOCK_START: testing.E2E_CLOCK_START },
    onLine: (app, line) => {
      if (/"level":"(error|fatal)"|ERROR/.test(line)) process.stderr.write(`${app}: ${line.slice(0, 400)}\n`);
    },
  });
  system.startAll();
  await system.waitHealthy(90_000);
  baseUrl = system.baseUrl;
  password = PASSWORD;
  stop = async () => {
    await system.stop();
    await infra.stop();
  };
}

try {
  const tokens = {};
  for (const [role, username] of Object.entries(USERS)) {
    const r = await fetch(`${baseUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    if (r.ok) tokens[role] = (await r.json()).accessToken;
    else console.error(`fuzz: login ${username} failed (${r.status}); its routes are fuzzed without a token`);
  }
  const doc = await (await fetch(`${baseUrl}/api/docs-json`)).json();
  const ops = fuzz.fuzzOperations(doc);
  console.log(`fuzz: ${ops.length} operations, ${N} inputs, seed ${SEED}, concurrency ${CONCURRENCY}, ${baseUrl}`);
  const started = performance.now();
  const histogram = {};
  const failures = [];
  // generated and sent in batches, so 100,000 inputs never sit in memory at once
  const BATCH = 5_000;
  for (let done = 0; done < N; done += BATCH) {
    const requests = fuzz.fuzzRequests(doc, Math.min(BATCH, N - done), SEED + done, [...Object.keys(tokens), undefined]);
    const r = await fuzz.runFuzz(baseUrl, requests, tokens, CONCURRENCY);
    for (const [k, v] of Object.entries(r.histogram)) histogram[k] = (histogram[k] ?? 0) + v;
    failures.push(...r.failures);
    console.log(`fuzz: ${done + requests.length}/${N} sent, ${failures.length} 5xx so far`);
  }
  const secs = (performance.now() - started) / 1000;
  console.log(`\nstatus histogram (${N} inputs in ${secs.toFixed(0)} s):`);
  for (const k of Object.keys(histogram).sort()) console.log(`  ${k}  ${String(histogram[k]).padStart(7)}`);
  const byRoute = {};
  for (const f of failures) {
    const key = `${f.status} ${f.request.method} ${f.request.url.split('?')[0]}`;
    (byRoute[key] ??= []).push(f);
  }
  for (const [key, list] of Object.entries(byRoute)) {
    console.log(`\n5xx: ${key} × ${list.length}; first reproducer:`);
    console.log(JSON.stringify(list[0], null, 2));
  }
  if (failures.length === 0) console.log('\nno 5xx');
  process.exitCode = failures.length === 0 ? 0 : 1;
} finally {
  await stop();
}
