/** The environment the test infrastructure reads (the only place in libs/testing that reads process.env). */
const env = process.env;

/**
 * The variables with which libfaketime (`faketime`) moves a process's clock. Passed on to the processes the
 * tests start, so that a moved machine clock (CI's moved-clock runs, docs/testing.md) reaches the apps too.
 */
const movedClock = Object.fromEntries(
  Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && (e[0] === 'LD_PRELOAD' || e[0].startsWith('FAKETIME'))),
);

export const testConfig = {
  /** a PostgreSQL server on which each suite creates (and drops) its own database */
  databaseServerUrl: env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  /** used only when no nats-server binary is installed to start a private one */
  natsUrl: env['TEST_NATS_URL'] ?? env['NATS_URL'] ?? 'nats://127.0.0.1:4222',
  /** inherited by app processes started by the end-to-end tests */
  baseEnv: { PATH: env['PATH'] ?? '', HOME: env['HOME'] ?? '', ...movedClock },
  /** the whole environment, for child processes that need it (a configured nats-server) */
  processEnv: { ...env } as Record<string, string | undefined>,
  /** the whole environment without libfaketime's variables: for a process on the real clock (the e2e browser) */
  /** E2E_CPU_PROF_DIR: where the end-to-end suites' apps write a V8 CPU profile each when they stop (none if unset) */
  cpuProfileDir: env['E2E_CPU_PROF_DIR'],
  realClockEnv: Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && !(e[0] in movedClock))),
};
