#!/usr/bin/env node
// Build every app and lib into dist/ with one incremental TypeScript program (type-checked), then rewrite
// the @yichuang/* path aliases into relative ESM imports (tsc-alias), since Node does not read tsconfig paths.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
if (!process.argv.includes('--no-console')) await buildConsole();

/** The newest modification time of the files under `dir` (node_modules and dist excluded). */
function newest(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(p).filter((n) => n !== 'node_modules' && n !== 'dist').map((n) => newest(path.join(p, n))));
}

/**
 * The web console (apps/console): type-checked with its own tsconfig, then bundled by Vite into dist/console,
 * which the gateway serves under `/`. Skipped when nothing it is built from changed since the last build.
 */
async function buildConsole() {
  const t0 = Date.now();
  const stamp = path.join(root, 'dist', 'console', '.built-from');
  const inputs = String(Math.max(...['apps/console', 'libs/domain/src', 'package-lock.json'].map((p) => newest(path.join(root, p)))));
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === inputs) {
    console.log('build: dist/console up to date');
    return;
  }
  run(bin('tsc'), ['-p', 'apps/console/tsconfig.json']);
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'apps', 'console', 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, inputs);
  console.log(`build: dist/console ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
