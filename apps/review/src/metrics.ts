import type { BusinessGauge } from '@yichuang/platform';

/** review's business gauges, read from its own schema when Prometheus scrapes (deploy/observability/README.md) */
export const REVIEW_GAUGES: BusinessGauge[] = [
  {
    name: 'yc_tasks_open',
    help: 'Open department tasks, by department and the highest alarm raised on them (none, yellow, red)',
    labels: ['department', 'alarm'],
    sql: `SELECT t.department_code AS department,
                 COALESCE((SELECT CASE WHEN bool_or(a.level = 'red') THEN 'red' WHEN bool_or(a.level = 'yellow') THEN 'yellow' END
                           FROM task_alarm a WHERE a.task_id = t.id), 'none') AS alarm,
                 count(*)::int AS value
          FROM review_task t WHERE t.status IN ('pending', 'claimed', 'suspended', 'correction_requested') GROUP BY 1, 2`,
  },
];
