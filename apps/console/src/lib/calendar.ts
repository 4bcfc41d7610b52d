import { chineseDate } from './deadline';

/** The administrator's calendar page: the days of one year, holidays and make-up working days in date order. */
export interface CalendarDay {
  date: string;
  name: string;
}

export interface YearDay extends CalendarDay {
  kind: 'holiday' | 'make_up';
}

/** The years a calendar speaks of (loaded or provisional), newest first. */
export function calendarYears(years: readonly number[], provisionalYears: readonly number[]): number[] {
  return [...new Set([...years, ...provisionalYears])].sort((a, b) => b - a);
}

/** The holidays and make-up working days of `year`, in date order. */
export function daysOfYear(year: number, holidays: readonly CalendarDay[], makeUpWorkdays: readonly CalendarDay[]): YearDay[] {
  const of = (d: CalendarDay) => d.date.startsWith(`${year}-`);
  return [...holidays.filter(of).map((d) => ({ ...d, kind: 'holiday' as const })), ...makeUpWorkdays.filter(of).map((d) => ({ ...d, kind: 'make_up' as const }))].sort(
    (a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0),
  );
}

/* ---------- changing the calendar ---------- */

export type DayKind = 'holiday' | 'makeup_workday' | 'normal';

export const DAY_KIND_TEXT: Record<DayKind, string> = { holiday: '放假（节假日）', makeup_workday: '调休上班（工作日）', normal: '恢复正常（按星期）' };

export interface DayChangeDraft {
  date: string;
  kind: DayKind;
  name?: string;
  note: string;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The weekday of a YYYY-MM-DD, 0 Sunday … 6 Saturday. */
function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** What a day is in the calendar now: `放假（国庆节）`, `调休上班（国庆节）`, `周末休息` or `工作日`. */
export function dayNow(date: string, holidays: readonly CalendarDay[], makeUpWorkdays: readonly CalendarDay[]): string {
  const h = holidays.find((d) => d.date === date);
  if (h) return `放假（${h.name}）`;
  const w = makeUpWorkdays.find((d) => d.date === date);
  if (w) return `调休上班（${w.name}）`;
  const wd = weekday(date);
  return wd === 0 || wd === 6 ? '周末休息' : '工作日';
}

/** Every problem of a day's change, in Chinese; `years`: the years whose arrangement is loaded (only those change). */
export function dayChangeProblems(d: DayChangeDraft, years: readonly number[]): string[] {
  const p: string[] = [];
  if (!isCalendarDate(d.date ?? '')) p.push('请选择要调整的日期');
  else if (!years.includes(Number(d.date.slice(0, 4)))) p.push(`${d.date.slice(0, 4)}年的节假日安排尚未载入，请先载入该年度`);
  if (d.kind === 'holiday' && !d.name?.trim()) p.push('放假须填写节日名称');
  if ((d.name?.trim().length ?? 0) > 40) p.push('名称不超过40个字符');
  if (!d.note?.trim()) p.push('请填写调整原因');
  else if (d.note.trim().length > 500) p.push('调整原因不超过500个字符');
  return p;
}

/** The body of `PUT /api/v1/admin/calendar/days/{date}`. */
export function dayChangeBody(d: DayChangeDraft): { kind: DayKind; name?: string; note: string } {
  return { kind: d.kind, ...(d.kind !== 'normal' && d.name?.trim() ? { name: d.name.trim() } : {}), note: d.note.trim() };
}

/** The question asked before a day changes. */
export function dayChangeQuestion(d: DayChangeDraft): string {
  const what = d.kind === 'holiday' ? `改为放假（${d.name?.trim() ?? ''}）` : d.kind === 'makeup_workday' ? '改为调休上班' : '恢复为按星期计算';
  return `确定将${chineseDate(d.date)}${what}吗？正在计时的审批期限将按新的日历重新计算，并短信告知申请人。`;
}

/** `此次调整使3项在办期限发生变化` / `此次调整未改变在办期限` */
export function movedText(count: number): string {
  return count > 0 ? `此次调整使${count}项在办期限发生变化` : '此次调整未改变在办期限';
}

export interface Arrangement {
  holidays: CalendarDay[];
  makeUpWorkdays: CalendarDay[];
  problems: string[];
}

/**
 * A year's arrangement as the administrator pastes it from the State Council's notice, one day a line:
 * `2027-01-01 元旦` in the holidays' box, `2027-02-07 春节` in the make-up working days' box (blank lines skipped;
 * `2027-01-01,元旦` or a tab also do).
 */
export function parseArrangement(year: number, holidaysText: string, makeUpText: string): Arrangement {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const parse = (text: string, label: string): CalendarDay[] =>
    text.split(/\r?\n/).flatMap((raw, i) => {
      const line = raw.trim();
      if (!line) return [];
      const m = /^(\d{4}-\d{2}-\d{2})[\s,，、]+(.+)$/.exec(line);
      if (!m) {
        problems.push(`${label}第${i + 1}行应为“日期 名称”，如 ${year}-01-01 元旦`);
        return [];
      }
      const [, date, name] = m as unknown as [string, string, string];
      if (!isCalendarDate(date)) problems.push(`${label}第${i + 1}行：${date}不是有效日期`);
      else if (!date.startsWith(`${year}-`)) problems.push(`${label}第${i + 1}行：${date}不在${year}年`);
      else if (seen.has(date)) problems.push(`${label}第${i + 1}行：${date}已在${seen.get(date)}中`);
      else if (name.trim().length > 40) problems.push(`${label}第${i + 1}行：名称不超过40个字符`);
      else {
        seen.set(date, label);
        return [{ date, name: name.trim() }];
      }
      return [];
    });
  const holidays = parse(holidaysText, '放假日期');
  const makeUpWorkdays = parse(makeUpText, '调休上班日期');
  if (holidays.length === 0 && problems.length === 0) problems.push('请至少填写一个放假日期');
  if (holidays.length > 60) problems.push('放假日期至多60天');
  if (makeUpWorkdays.length > 30) problems.push('调休上班日期至多30天');
  for (const d of makeUpWorkdays) {
    const wd = weekday(d.date);
    if (wd !== 0 && wd !== 6) problems.push(`调休上班日期${chineseDate(d.date)}不是周末`);
  }
  return { holidays, makeUpWorkdays, problems };
}

/** A day's state as the calendar's audit trail writes it (`holiday:国庆节`, `makeup_workday:春节`, `normal`), in Chinese. */
export function dayStateText(state: string): string {
  const [kind, ...rest] = state.split(':');
  const name = rest.join(':');
  if (kind === 'holiday') return name ? `放假（${name}）` : '放假';
  if (kind === 'makeup_workday') return name ? `调休上班（${name}）` : '调休上班';
  return '按星期（工作日或周末）';
}
