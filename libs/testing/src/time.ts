/**
 * The instants tests use. A test never reads the machine's clock for anything a service stores or an event
 * carries: the services' clocks start at a fixed instant (`E2E_CLOCK_START`, or a date a suite sets), and
 * the events a test publishes carry an explicit time from here. So the suite gives the same answers on any
 * day — CI runs it with the machine's clock moved by faketime to prove it (docs/testing.md).
 *
 * Waiting and timeouts are not instants: they measure elapsed time with `performance.now()` (monotonic).
 */

/** China Standard Time (no daylight saving since 1991) */
const CHINA_OFFSET = '+08:00';

/** The instant at `time` (hh:mm, default 10:00) in China on `date` (YYYY-MM-DD), as an ISO string in UTC. */
export function isoAt(date: string, time = '10:00'): string {
  const at = new Date(`${date}T${time}:00${CHINA_OFFSET}`);
  if (Number.isNaN(at.getTime())) throw new Error(`not a date and time: ${date} ${time}`);
  return at.toISOString();
}

/** The day (in China) the end-to-end services' clocks start on: a Thursday inside the demo calendar's published years. */
export const E2E_START_DAY = '2026-11-26';

/**
 * Every service's clock starts here in the end-to-end tests (CLOCK_START): 10:00 in China on `E2E_START_DAY`,
 * whatever the machine's date. `setClock()` moves one service further.
 */
export const E2E_CLOCK_START = isoAt(E2E_START_DAY);

/** The time an event published by a test carries when the test does not say (the end-to-end services' start). */
export const TEST_INSTANT = E2E_CLOCK_START;

/**
 * The environment of a service under test whose clock starts at `instant` (ISO) instead of the machine's
 * time; a test may move it further over NATS (`clockSubject(service)`) or with `app.get(Clock).set(…)`.
 */
export function serviceClockAt(instant: string): { CLOCK_CONTROL: 'true'; CLOCK_START: string } {
  return { CLOCK_CONTROL: 'true', CLOCK_START: instant };
}
