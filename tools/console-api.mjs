#!/usr/bin/env node
// The console's typed API client: build (tsc), then write the gateway's OpenAPI document from its Swagger setup
// (Nest preview mode: no NATS, no database) and generate apps/console/src/api/schema.d.ts from it with
// openapi-typescript. Commit the result; apps/gateway/src/openapi-schema.spec.ts fails when it is out of date.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const args of [['tools/build.mjs', '--no-console'], ['dist/apps/gateway/src/cli/console-schema.js']]) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
