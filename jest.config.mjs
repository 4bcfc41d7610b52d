// One Jest run, three depths (see docs/testing.md):
//   unit        *.spec.ts      pure rules, no I/O
//   integration *.int-spec.ts  real PostgreSQL + real NATS/JetStream, one service module at a time
//   e2e         apps/e2e/**/*.e2e.ts  the compiled apps started as processes, driven over HTTP
// Nest 12 is ESM-only, so Jest runs in native ESM mode (NODE_OPTIONS=--experimental-vm-modules).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@yichuang/(contracts|domain|platform|testing|documents)$': '<rootDir>/libs/$1/src/index.ts',
    '^@yichuang/platform/dev$': '<rootDir>/libs/platform/src/dev/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/'],
};

export default {
  // global options (Jest ignores these inside projects)
  testTimeout: 120_000,
  // one test file at a time (`--maxWorkers=1` in package.json: the e2e suites each start eight apps), in a worker
  // that is replaced once its memory passes this: Jest's ESM module registries are not all given back between files,
  // and in one process kept for the whole run the last suites ran ten times slower than alone (results.spec.ts 81 s
  // instead of 8 s, pdf.spec.ts 55 s instead of 5 s)
  workerIdleMemoryLimit: '1GB',
  // every `it.concurrent` of a file started at once (the console suite's tracks, apps/e2e/src/console.e2e.ts: a
  // track's test waits for the one before it, so a smaller limit would let waiting tests hold the places)
  maxConcurrency: 32,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/e2e/**/*.e2e.ts'],
    },
  ],
};
