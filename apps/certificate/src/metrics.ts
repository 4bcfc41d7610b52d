import type { BusinessGauge } from '@yichuang/platform';

/** certificate's business gauges, read from its own schema when Prometheus scrapes (deploy/observability/README.md) */
export const CERTIFICATE_GAUGES: BusinessGauge[] = [
  { name: 'yc_documents_awaiting_pickup', help: 'Result documents issued and not yet handed over or mailed', labels: [], sql: `SELECT count(*)::int AS value FROM certificate WHERE status = 'issued'` },
];
