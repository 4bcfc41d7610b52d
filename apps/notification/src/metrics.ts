import type { BusinessGauge } from '@yichuang/platform';

/** notification's business gauges, read from its own schema when Prometheus scrapes (deploy/observability/README.md) */
export const NOTIFICATION_GAUGES: BusinessGauge[] = [
  { name: 'yc_messages', help: 'Messages (SMS, WeChat) by channel and state', labels: ['channel', 'status'], sql: `SELECT channel, status, count(*)::int AS value FROM message GROUP BY 1, 2` },
  {
    name: 'yc_message_attempts',
    help: "Tries of messages at the providers, by provider and the try's state",
    labels: ['provider', 'status'],
    sql: `SELECT provider, status, count(*)::int AS value FROM message_attempt GROUP BY 1, 2`,
  },
];
