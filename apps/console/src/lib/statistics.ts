/**
 * The supervision dashboard's logic without React: the default period, the percentages, the export's file name and
 * the ECharts options built from `GET /api/v1/statistics/summary` (kept here so they are unit-tested; the chart
 * component only renders them).
 */

export interface DayVolume {
  key: string;
  tickets?: number;
  accepted: number;
  decided: number;
  handedOver: number;
}

export interface Timeliness {
  key: string;
  name?: string;
  decided: number;
  onTime: number;
  onTimeRate: number | null;
}

export interface Satisfaction {
  key: string;
  name?: string;
  ratings: number;
  satisfiedRate: number | null;
  bad: number;
}

export interface Summary {
  period: { from: string; to: string };
  volumes: { byDay: DayVolume[] };
  timeliness: { byDepartment: Timeliness[] };
  satisfaction: { byWindow: Satisfaction[]; byDepartment: Satisfaction[] };
}

/** `YYYY-MM-DD` of a day `n` days before `today` (`YYYY-MM-DD`), calendar arithmetic in UTC (no time zone drift). */
export function daysBefore(today: string, n: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - n)).toISOString().slice(0, 10);
}

/** The period shown first: the 30 days up to and including today. */
export function defaultPeriod(today: string): { from: string; to: string } {
  return { from: daysBefore(today, 29), to: today };
}

/** A rate 0..1 (or null: nothing counted) as the supervisor reads it: `87.5%`, `—`. */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  return `${Math.round(rate * 1000) / 10}%`;
}

/** The file name the gateway gives an export (its Content-Disposition), used for the browser's download. */
export function exportFileName(report: string, from: string, to: string, format: 'csv' | 'xlsx'): string {
  return `statistics-${report}-${from}_${to}.${format}`;
}

/** `2026-12-07` → `12月7日` (an axis label) */
export function shortChineseDay(isoDay: string): string {
  const m = /^\d{4}-(\d{2})-(\d{2})/.exec(isoDay);
  return m ? `${Number(m[1])}月${Number(m[2])}日` : isoDay;
}

const GRID = { left: 48, right: 24, top: 48, bottom: 56, containLabel: true };

/** 业务量（按日）: accepted, decided and handed over per day, tickets when the queue counted them. */
export function volumesByDayOption(rows: readonly DayVolume[]) {
  const days = [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const series = [
    { name: '受理件数', data: days.map((d) => d.accepted) },
    { name: '办结件数', data: days.map((d) => d.decided) },
    { name: '领取件数', data: days.map((d) => d.handedOver) },
  ];
  if (days.some((d) => d.tickets !== undefined)) series.unshift({ name: '取号数', data: days.map((d) => d.tickets ?? 0) });
  return {
    title: { text: '业务量（按日）', left: 'center', textStyle: { fontSize: 15 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: GRID,
    xAxis: { type: 'category', data: days.map((d) => shortChineseDay(d.key)) },
    yAxis: { type: 'value', name: '件', minInterval: 1 },
    series: series.map((s) => ({ ...s, type: 'bar' })),
  };
}

/** 按时办结率（按部门）: in percent, the departments without a decision left out. */
export function onTimeRateOption(rows: readonly Timeliness[]) {
  const shown = rows.filter((r) => r.onTimeRate !== null && r.decided > 0);
  return {
    title: { text: '按时办结率（按部门）', left: 'center', textStyle: { fontSize: 15 } },
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    grid: GRID,
    xAxis: { type: 'category', data: shown.map((r) => r.name ?? r.key), axisLabel: { interval: 0, rotate: shown.length > 5 ? 30 : 0 } },
    yAxis: { type: 'value', name: '%', max: 100, min: 0 },
    series: [{ name: '按时办结率', type: 'bar', data: shown.map((r) => Math.round((r.onTimeRate ?? 0) * 1000) / 10) }],
  };
}

/** 满意率（按窗口 / 部门）: the satisfied share of the ratings, in percent, with the count of bad reviews. */
export function satisfactionOption(byWindow: readonly Satisfaction[], byDepartment: readonly Satisfaction[]) {
  const rows = [...byWindow.map((r) => ({ ...r, label: `${r.key}窗口` })), ...byDepartment.map((r) => ({ ...r, label: r.name ?? r.key }))].filter(
    (r) => r.ratings > 0,
  );
  return {
    title: { text: '满意率（按窗口、部门）', left: 'center', textStyle: { fontSize: 15 } },
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: GRID,
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0 } },
    yAxis: [
      { type: 'value', name: '%', max: 100, min: 0 },
      { type: 'value', name: '差评', minInterval: 1 },
    ],
    series: [
      { name: '满意率', type: 'bar', data: rows.map((r) => Math.round((r.satisfiedRate ?? 0) * 1000) / 10) },
      { name: '差评数', type: 'line', yAxisIndex: 1, data: rows.map((r) => r.bad) },
    ],
  };
}
