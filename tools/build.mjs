#!/usr/bin/env node
// Build every app and lib into dist/ with one incremental TypeScript program (type-checked), then rewrite
// the @yichuang/* path aliases into relative ESM imports (tsc-alias), since Node does not read tsconfig paths.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.error) {
    // spawnSync reports a missing binary here, not on stderr: say what to do instead of failing silently
    console.error(`build: cannot run ${path.relative(root, cmd)} (${r.error.message}); run \`npm ci\` first`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const started = Date.now();
run(bin('tsc'), ['-p', 'tsconfig.build.json']);
run(bin('tsc-alias'), ['-p', 'tsconfig.build.json']);
console.log(`build: dist/ ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
