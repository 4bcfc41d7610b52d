import type { BusinessGauge } from '@yichuang/platform';

/** intake's business gauges, read from its own schema when Prometheus scrapes (deploy/observability/README.md) */
export const INTAKE_GAUGES: BusinessGauge[] = [
  {
    name: 'yc_applications_waiting_precheck',
    help: 'Applications received and not yet pre-checked',
    labels: [],
    sql: `SELECT count(*)::int AS value FROM application WHERE status = 'submitted' AND last_precheck IS NULL`,
  },
  {
    name: 'yc_art32_windows_open',
    help: 'Applications whose Art. 32 window runs (received; no notice, acceptance or rejection yet)',
    labels: [],
    sql: `SELECT count(*)::int AS value FROM application WHERE status = 'submitted'`,
  },
];
