// Lint that catches real bugs, and module boundaries that the build enforces.
// Tags (project.json): type:app, type:e2e, type:contracts, type:domain, type:platform, type:testing, type:tools.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// `no-restricted-syntax` is one rule: a later block that matches a file replaces the earlier block's list of
// selectors entirely. So each group of files gets its whole list, built from these two parts.
const noEnv = [
  { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read the environment only in a config module (config.ts).' },
];
const noMachineTime = [
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: "Ask the injected Clock for now (clock.now()); tests take instants from libs/testing/src/time.ts; elapsed time is performance.now(). `new Date(value)` is fine.",
  },
  {
    selector: "MemberExpression[object.name='Date'][property.name='now']",
    message: 'Ask the injected Clock for now (clock.now()); for elapsed time (timeouts, TTLs, waiting) use performance.now(), which is monotonic.',
  },
  { selector: "CallExpression[callee.name='Date']", message: 'Date() is the machine\'s time as a string: ask the injected Clock.' },
];
/** may read process.env: config modules, tools, test infrastructure, tests */
const envReaders = ['**/config.ts', '**/config/*.ts', 'tools/**/*.ts', 'libs/testing/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e.ts', '**/dev/*.ts'];
/** may read the machine's time: the Clock itself (and its test) */
const timeSources = ['libs/platform/src/clock/**/*.ts'];

export default [
  { ignores: ['dist/**', 'node_modules/**', 'tmp/**', '.data/**', 'coverage/**', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:domain'] },
            // documents' specs read PDFs back with libs/testing's pdf-read-back; its code may not (rule below)
            { sourceTag: 'type:documents', onlyDependOnLibsWithTags: ['type:domain', 'type:testing'] },
            { sourceTag: 'type:platform', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:domain', 'type:testing', 'type:documents'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:domain', 'type:platform'] },
            { sourceTag: 'type:tools', onlyDependOnLibsWithTags: ['type:testing', 'type:contracts', 'type:domain', 'type:platform'] },
          ],
        },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
      // class-validator env classes declare defaults with explicit types on purpose
      '@typescript-eslint/no-inferrable-types': 'off',
      // TypeORM and Nest take constructors as `Function`
      '@typescript-eslint/no-unsafe-function-type': 'off',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
      'no-restricted-syntax': ['error', ...noEnv, ...noMachineTime],
    },
  },
  { files: envReaders, rules: { 'no-restricted-syntax': ['error', ...noMachineTime] } },
  { files: timeSources, rules: { 'no-restricted-syntax': ['error', ...noEnv] } },
  // in both groups: the Clock's own tests
  { files: timeSources.map((p) => p.replace(/\*\.ts$/, '*.spec.ts')), rules: { 'no-restricted-syntax': 'off' } },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e.ts'],
    rules: { 'no-restricted-properties': ['error', { object: 'describe', property: 'only' }, { object: 'it', property: 'only' }, { object: 'test', property: 'only' }] },
  },
  {
    // the documents library's code never reaches for test infrastructure (only its specs read PDFs back)
    files: ['libs/documents/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: '@yichuang/testing', message: 'Only the specs of libs/documents may use libs/testing.' }] }] },
  },
];
