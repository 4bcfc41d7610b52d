import type { CaseTimesView, ExportFormat, PauseRow, SatisfactionRow, StatisticsExport, StatisticsReport, StatisticsSummary, TimelinessRow, VolumeRow } from '@yichuang/contracts';
import { PROCEDURE_TEXT, RATING_LEVEL_TEXT, RATING_LEVELS, STAGE_TEXT, TASK_PAUSE_KIND_TEXT, type Procedure, type Stage } from '@yichuang/domain';

export type Cell = string | number | null;
export interface Table {
  /** the sheet's name */
  title: string;
  headers: string[];
  rows: Cell[][];
}

const REPORT_TITLE: Readonly<Record<StatisticsReport, string>> = Object.freeze({
  cases: '办件全程时间',
  volumes: '办件量统计',
  timeliness: '按时办结统计',
  pauses: '特殊程序与补正统计',
  satisfaction: '满意度统计',
});

/** An instant as the hall reads it: China time, `YYYY-MM-DD HH:mm:ss`. */
export function chinaDateTime(iso: string | null): string | null {
  if (!iso) return null;
  const t = new Date(new Date(iso).getTime() + 8 * 3600 * 1000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)}`;
}

const percent = (r: number | null): Cell => (r === null ? null : Math.round(r * 10_000) / 100);

export function casesTable(cases: CaseTimesView[]): Table {
  return {
    title: REPORT_TITLE.cases,
    headers: [
      '办件编号', '项目代码', '项目名称', '阶段', '受理窗口', '受理人', '排队号', '取号时间', '叫号时间', '排队等候（秒）', '窗口服务（秒）',
      '受理时间', '办结时间', '受理至办结（工作日）', '计时工作日', '暂停工作日', '出件时间', '办结至出件（工作日）', '办结至出件（秒）', '评价',
    ],
    rows: cases.map((c) => [
      c.caseNo,
      c.projectCode,
      c.projectName,
      STAGE_TEXT[c.stage] ?? String(c.stage),
      c.windowNo,
      c.acceptedBy,
      c.ticket?.ticketNo ?? null,
      chinaDateTime(c.ticket?.issuedAt ?? null),
      chinaDateTime(c.ticket?.calledAt ?? null),
      c.queueWaitSeconds,
      c.windowServiceSeconds,
      chinaDateTime(c.acceptedAt),
      chinaDateTime(c.decidedAt),
      c.workingDays?.total ?? null,
      c.workingDays?.counted ?? null,
      c.workingDays?.paused ?? null,
      chinaDateTime(c.handedOverAt),
      c.decisionToHandOver?.workingDays ?? null,
      c.decisionToHandOver?.seconds ?? null,
      c.rating ? RATING_LEVEL_TEXT[c.rating.level] : null,
    ]),
  };
}

export function volumesTable(v: StatisticsSummary['volumes']): Table {
  const dims: [string, VolumeRow[], (r: VolumeRow) => string | null][] = [
    ['阶段', v.byStage, (r) => STAGE_TEXT[Number(r.key) as Stage] ?? null],
    ['事项', v.byItem, (r) => r.name ?? null],
    ['部门', v.byDepartment, (r) => r.name ?? null],
    ['窗口', v.byWindow, () => null],
    ['日期', v.byDay, () => null],
  ];
  return {
    title: REPORT_TITLE.volumes,
    headers: ['维度', '编码', '名称', '取号数', '受理数', '办结数', '出件数'],
    rows: dims.flatMap(([dim, rows, name]) => rows.map((r) => [dim, r.key, name(r), r.tickets ?? null, r.accepted, r.decided, r.handedOver])),
  };
}

export function timelinessTable(t: StatisticsSummary['timeliness']): Table {
  const rows = (dim: string, list: TimelinessRow[]): Cell[][] =>
    list.map((r) => [dim, r.key, r.name, r.decided, r.onTime, percent(r.onTimeRate), r.avgCountedWorkingDays, r.avgPausedWorkingDays]);
  return {
    title: REPORT_TITLE.timeliness,
    headers: ['维度', '编码', '名称', '办结数', '按时办结数', '按时办结率（%）', '平均计时工作日', '平均暂停工作日'],
    rows: [...rows('事项', t.byItem), ...rows('部门', t.byDepartment)],
  };
}

export function pausesTable(p: PauseRow[]): Table {
  return {
    title: REPORT_TITLE.pauses,
    headers: ['类型', '特殊程序', '次数', '已结束', '合计工作日', '平均工作日'],
    rows: p.map((r) => [TASK_PAUSE_KIND_TEXT[r.kind], r.procedure ? (PROCEDURE_TEXT[r.procedure as Procedure] ?? r.procedure) : null, r.count, r.ended, r.workingDays, r.avgWorkingDays]),
  };
}

export function satisfactionTable(s: StatisticsSummary['satisfaction']): Table {
  const rows = (dim: string, list: SatisfactionRow[]): Cell[][] =>
    list.map((r) => [dim, r.key, r.ratings, ...RATING_LEVELS.map((l) => r.levels[l]), r.avgScore, percent(r.satisfiedRate), r.bad]);
  return {
    title: REPORT_TITLE.satisfaction,
    headers: ['维度', '编码', '评价数', ...RATING_LEVELS.map((l) => RATING_LEVEL_TEXT[l]), '平均分', '满意率（%）', '差评数'],
    rows: [...rows('窗口', s.byWindow), ...rows('工作人员', s.byStaff), ...rows('部门', s.byDepartment), ...rows('事项', s.byItem)],
  };
}

/**
 * CSV as spreadsheets in China open it: UTF-8 with a BOM (else Excel reads GBK), CRLF, RFC 4180 quoting. Hand-written:
 * twenty lines, where a CSV library would add a dependency for the same quoting; a text cell that a spreadsheet would
 * take for a formula (= + - @) is prefixed with an apostrophe (CSV injection).
 */
export function toCsv(table: Table): Buffer {
  const cell = (v: Cell): string => {
    if (v === null) return '';
    if (typeof v === 'number') return String(v);
    const text = /^[=+\-@]/.test(v) ? `'${v}` : v;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [table.headers, ...table.rows].map((r) => r.map(cell).join(','));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** One worksheet named after the report, a bold header row, column widths from the content. */
export async function toXlsx(table: Table): Promise<Buffer> {
  // loaded at the first export, not at start: ExcelJS and its dependencies are ≈ 0.25 s of CPU to load, and most
  // runs of the service never export a spreadsheet
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = '一窗 统计';
  const ws = wb.addWorksheet(table.title);
  ws.addRow(table.headers);
  ws.getRow(1).font = { bold: true };
  for (const r of table.rows) ws.addRow(r.map((v) => (v === null ? null : v)));
  table.headers.forEach((h, i) => {
    const width = Math.max(h.length * 2, ...table.rows.map((r) => String(r[i] ?? '').length)) + 2;
    ws.getColumn(i + 1).width = Math.min(60, width);
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function exportTable(report: StatisticsReport, format: ExportFormat, table: Table, period: { from?: string; to?: string }): Promise<StatisticsExport> {
  const span = `${period.from ?? 'start'}_${period.to ?? 'now'}`;
  const content = format === 'csv' ? toCsv(table) : await toXlsx(table);
  return {
    filename: `statistics-${report}-${span}.${format}`,
    contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    contentBase64: content.toString('base64'),
  };
}

export { REPORT_TITLE };
