#!/usr/bin/env node
// Build every app and lib into dist/ with one incremental TypeScript program (type-checked), then rewrite
// the @yichuang/* path aliases into relative ESM imports (tsc-alias), since Node does not read tsconfig paths.
// The web console builds beside them (its own type-check, then Vite): a clean build in 25 s instead of 32 (2 cores).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
/** `cmd args` in the repository; exits this build with its status if it fails */
const run = (cmd, args) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
    // a missing binary is reported here, not on stderr: say what to do instead of failing silently
    child.on('error', (err) => {
      console.error(`build: cannot run ${path.relative(root, cmd)} (${err.message}); run \`npm ci\` first`);
      process.exit(1);
    });
    child.on('exit', (code, signal) => {
      if (code !== 0) process.exit(code ?? (signal ? 1 : 0));
      resolve();
    });
  });
const started = Date.now();
const consoleBuilt = process.argv.includes('--no-console') ? Promise.resolve() : buildConsole();
await run(bin('tsc'), ['-p', 'tsconfig.build.json']);
await run(bin('tsc-alias'), ['-p', 'tsconfig.build.json']);
console.log(`build: dist/ ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await bundleApps();
await consoleBuilt;

/** The newest modification time of the files under `dir` (node_modules and dist excluded). */
function newest(p) {
  const st = statSync(p, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(p).filter((n) => n !== 'node_modules' && n !== 'dist').map((n) => newest(path.join(p, n))));
}

/** The newest modification time of the `.js` files under `dir`. */
function newestJs(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name.endsWith('.js')) t = Math.max(t, statSync(path.join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

/**
 * @nestjs/typeorm looks up `Connection` and `AbstractRepository` with a run-time `require('typeorm')` (they exist in
 * TypeORM 0.3, not in the 1.x we use): in a bundle that would load a second TypeORM from node_modules, ≈1 s of CPU at
 * every start. Both are undefined on TypeORM 1.x, which is what this module answers.
 */
function nestTypeormCompat() {
  return {
    name: 'nestjs-typeorm-compat',
    load(id) {
      if (!id.replaceAll('\\', '/').endsWith('/@nestjs/typeorm/dist/common/typeorm-compat.js')) return null;
      return 'export const Connection = undefined;\nexport const AbstractRepository = undefined;\n';
    },
  };
}

/**
 * Every app's compiled `main.js` and everything it imports (our libs and node_modules) as one ESM file,
 * `dist/apps/<app>/src/main.bundle.mjs`, which `npm start`, the end-to-end suites and the images run. Node loads
 * an app from ~2,000 small ESM/CJS files otherwise, and resolving and opening them is most of a service's start
 * (≈1.3 s of CPU on an idle core, 8 processes per start; measured in docs/architecture.md, "Start-up"); one file
 * loads in less than half of that and takes less memory. Rolldown (Vite's bundler, already here) keeps class and
 * function names (`keepNames`: TypeORM derives table and migration names from them, Nest its error messages) and
 * writes a source map beside it (not read at start: parsing a map of all node_modules would cost more than the
 * bundle saves; NODE_OPTIONS=--enable-source-maps maps stack traces to TypeScript when needed).
 * Left outside the bundle, loaded from node_modules when first used: packages that read files beside their own
 * code (pdfkit's and fontkit's font data, swagger-ui's assets) and the big ones only some requests need.
 * Skipped for an app whose compiled files did not change since its bundle was written.
 */
async function bundleApps() {
  const t0 = Date.now();
  const apps = readdirSync(path.join(root, 'dist', 'apps')).filter((a) => existsSync(path.join(root, 'dist', 'apps', a, 'src', 'main.js')));
  // what every bundle is made from besides its app: the libs, the installed packages, and how it is bundled (this
  // file); each bundle's stamp records the newest of its inputs when it was made (not the bundle's own time, which
  // anything touching the file would move)
  const common = Math.max(newestJs(path.join(root, 'dist', 'libs')), ...['package-lock.json', 'tools/build.mjs'].map((p) => statSync(path.join(root, p)).mtimeMs));
  const stampOf = (a) => path.join(root, 'dist', 'apps', a, 'src', '.bundle-from');
  const inputsOf = (a) => String(Math.max(common, newestJs(path.join(root, 'dist', 'apps', a))));
  const stale = apps.filter((a) => !existsSync(path.join(root, 'dist', 'apps', a, 'src', 'main.bundle.mjs')) || !existsSync(stampOf(a)) || readFileSync(stampOf(a), 'utf8') !== inputsOf(a));
  if (!stale.length) {
    console.log('build: app bundles up to date');
    return;
  }
  const { build } = await import('rolldown');
  // Also outside: packages a bundled library loads at run time by name (TypeORM's driver `require('pg')`, Nest's NATS
  // transport `createRequire(…)('@nats-io/transport-node')`, @nestjs/mapped-types' `require('class-validator')` and
  // `require('class-transformer')`), so that there is one copy of each: pg's date parser set in libs/platform must
  // be the one TypeORM's pg uses, and class-transformer keeps the DTOs' @Type metadata in its module.
  const external = [/^pg(-[a-z-]+)?(\/|$)/, /^@nats-io\//, /^class-(validator|transformer)(\/|$)/, /^pdfkit(\/|$)/, /^fontkit(\/|$)/, /^exceljs(\/|$)/, /^@aws-sdk\//, /^swagger-ui-dist(\/|$)/];
  for (const app of stale) {
    const out = path.join(root, 'dist', 'apps', app, 'src', 'main.bundle.mjs');
    const inputs = inputsOf(app);
    await build({
      input: path.join(root, 'dist', 'apps', app, 'src', 'main.js'),
      platform: 'node',
      external,
      plugins: [nestTypeormCompat()],
      // as Node resolves a package without `exports`: its `main`, never the `module` field only bundlers read — else
      // class-transformer and class-validator would be bundled twice (ESM for our DTOs, CommonJS for Nest's
      // ValidationPipe), each with its own metadata, and nested DTOs would not validate
      resolve: { mainFields: ['main'] },
      logLevel: 'silent',
      // ASCII only (non-ASCII escaped, the libraries' doc comments — emoji and all — dropped, their licences kept):
      // V8 keeps every script's source in memory, and one character outside Latin-1 makes it a two-byte string —
      // ≈ 11 MB instead of 5.5 in each of the nine processes (issue 15, idle memory)
      output: { file: out, format: 'esm', codeSplitting: false, keepNames: true, sourcemap: true, charset: 'ascii', comments: { legal: true, annotation: false, jsdoc: false } },
    });
    // a package required by name at run time but also bundled would exist twice: refuse it, name it
    const byName = [...readFileSync(out, 'utf8').matchAll(/(?:\b__require|\brequire(?:\$\d+)?|createRequire\$?\d*\(import\.meta\.url\))\("([^"./][^"]*)"\)/g)].map((m) => m[1]);
    const twice = [...new Set(byName)].filter(
      (n) => !n.endsWith('.json') && !builtinModules.includes(n.replace(/^node:/, '')) && !external.some((x) => x.test(n)) && existsSync(path.join(root, 'node_modules', n)),
    );
    if (twice.length) {
      rmSync(out);
      console.error(`build: ${app}'s bundle requires ${twice.join(', ')} by name at run time; add them to the bundle's externals`);
      process.exit(1);
    }
    writeFileSync(stampOf(app), inputs);
  }
  console.log(`build: ${stale.length} app bundle(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
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
  await run(bin('tsc'), ['-p', 'apps/console/tsconfig.json']);
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'apps', 'console', 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, inputs);
  console.log(`build: dist/console ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
