import type { BusinessGauge } from '@yichuang/platform';

/** admin's business gauges, read from its own schema when Prometheus scrapes (deploy/observability/README.md) */
export const ADMIN_GAUGES: BusinessGauge[] = [
  {
    name: 'yc_calendar_last_published_year',
    help: 'The last year whose holiday arrangement is loaded (after it, deadlines are provisional)',
    labels: [],
    sql: `SELECT COALESCE(max(year), 0)::int AS value FROM calendar_year`,
  },
];
