/**
 * The department workbench's logic (部门审批): which actions a person may take on a task, the task's clock in
 * words, and the clock's ledger (计时台账) as rows with Chinese labels. The services decide; this only mirrors their
 * rules so the page offers what the API would accept, and says what the API answered.
 */
import {
  LEDGER_REASON_TEXT,
  MEETING_POSITION_TEXT,
  PROCEDURE_TEXT,
  TASK_ACTION_TEXT,
  TASK_PAUSE_KIND_TEXT,
  TASK_STATUS_TEXT,
  type LedgerReason,
  type MeetingPosition,
  type Procedure,
  type TaskActionKind,
  type TaskStatus,
} from '@yichuang/domain';
import { chineseDate, remainingText } from './deadline';
import type { TaskPause } from '../api/views';

/** What the workbench needs of a task (a subset of the API's task summary). */
export interface TaskLike {
  status: TaskStatus;
  kind?: 'review' | 'verification';
  assignee?: string;
  remainingWorkingDays: number;
}

export interface Person {
  username: string;
  roles: readonly string[];
}

export type TaskAction = 'claim' | 'assign' | 'decide' | 'opinion' | 'suspend' | 'resume' | 'correction' | 'meeting';

/** The task's state as the department reads it; a task waiting for the applicant's corrections is 补正中. */
export function statusText(status: TaskStatus): string {
  return status === 'correction_requested' ? '补正中' : TASK_STATUS_TEXT[status];
}

export function isDecided(status: TaskStatus): boolean {
  return status === 'approved' || status === 'denied';
}

/** The clock in words: 剩余N个工作日 …, or why it stands still. */
export function clockText(t: TaskLike): string {
  if (isDecided(t.status)) return '已办结';
  const left = Math.max(t.remainingWorkingDays, 0);
  if (t.status === 'correction_requested') return `补正中，暂停计时（剩余${left}个工作日）`;
  if (t.status === 'suspended') return `特殊程序中，暂停计时（剩余${left}个工作日）`;
  return remainingText(t.remainingWorkingDays);
}

/**
 * The actions the review service accepts from this person on this task: anyone of the department claims a
 * pending task (a special procedure or a correction on a pending task claims it too); the assignee — or the
 * department head — handles a claimed or paused one; only the head assigns (a pending or claimed task);
 * opinions and joint review meetings on any open task. A decided task takes nothing more.
 */
export function allowedActions(t: TaskLike, me: Person): TaskAction[] {
  if (isDecided(t.status)) return [];
  const head = me.roles.includes('department_head');
  const handler = t.assignee === me.username || head;
  const out: TaskAction[] = [];
  if (t.status === 'pending') out.push('claim');
  if (head && (t.status === 'pending' || t.status === 'claimed')) out.push('assign');
  if (t.status === 'claimed' && t.assignee === me.username && t.kind !== 'verification') out.push('decide');
  out.push('opinion');
  if (t.status === 'pending' || (t.status === 'claimed' && handler)) out.push('suspend', 'correction');
  if ((t.status === 'suspended' || t.status === 'correction_requested') && handler) out.push('resume');
  out.push('meeting');
  return out;
}

export const PROCEDURE_OPTIONS: { value: Procedure; label: string }[] = (Object.keys(PROCEDURE_TEXT) as Procedure[]).map((p) => ({ value: p, label: PROCEDURE_TEXT[p] }));
export const POSITION_OPTIONS: { value: MeetingPosition; label: string }[] = (Object.keys(MEETING_POSITION_TEXT) as MeetingPosition[]).map((p) => ({ value: p, label: MEETING_POSITION_TEXT[p] }));

/* ---------- the ledger ---------- */

/** a pause of the task's clock, as the task's view carries it */
export type PauseLike = TaskPause;

export interface LedgerLike {
  startDate: string;
  promisedDays: number;
  dueDate: string;
  provisional: boolean;
  elapsedWorkingDays: number;
  remainingWorkingDays: number;
  days: { date: string; counted: boolean; reason: LedgerReason; provisional: boolean }[];
}

/** One pause of the clock as a row of the ledger table. */
export interface PauseRow {
  key: string;
  /** 特殊程序·听证, 补齐补正 */
  kind: string;
  reason: string;
  /** 2026年12月7日 起 */
  from: string;
  /** 2026年12月9日 止, or 进行中 */
  to: string;
  /** the working days of the pause the clock does not count (the ledger's `paused` days) */
  notCounted: number;
  /** 不计入N个工作日 (预计N个工作日) */
  daysText: string;
  by: string;
}

function pauseKind(p: PauseLike): string {
  return p.kind === 'special_procedure' ? `${TASK_PAUSE_KIND_TEXT.special_procedure}·${p.procedure ? PROCEDURE_TEXT[p.procedure] : '其他'}` : TASK_PAUSE_KIND_TEXT.correction;
}

/**
 * The pauses of a task with the working days each kept off the clock: the ledger's `paused` days between the
 * pause's first and last day (an open pause: up to the ledger's last day). A pause ended on the day it began
 * covers no day (the review service's day rule) and counts 0.
 */
export function pauseRows(pauses: readonly PauseLike[], ledger: LedgerLike | undefined): PauseRow[] {
  return pauses.map((p, i) => {
    const open = p.to === undefined && p.endedBy === undefined;
    const last = p.to ?? '9999-12-31';
    const notCounted = ledger ? ledger.days.filter((d) => d.reason === 'paused' && d.date >= p.from && d.date <= last).length : 0;
    const expected = p.expectedWorkingDays !== undefined ? `（预计${p.expectedWorkingDays}个工作日）` : '';
    return {
      key: `${i}-${p.from}`,
      kind: pauseKind(p),
      reason: p.reason,
      from: `${chineseDate(p.from)}起`,
      to: open ? '进行中' : p.to && p.to >= p.from ? `${chineseDate(p.to)}止` : `${chineseDate(p.from)}当日结束`,
      notCounted,
      daysText: `不计入${notCounted}个工作日${expected}`,
      by: p.endedBy ? `${p.startedBy} 启动，${p.endedBy} 结束` : `${p.startedBy} 启动`,
    };
  });
}

const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];

/** `2026-12-07` → 星期一 */
export function weekday(isoDay: string): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? '' : (WEEKDAYS[d.getUTCDay()] ?? '');
}

export interface DayRow {
  key: string;
  date: string;
  weekday: string;
  reason: string;
  counted: boolean;
  /** the Nth working day counted, when counted */
  nth?: number;
}

/** The ledger day by day: 2026年12月8日 星期二 计入（第1个工作日）, 休息日, 节假日, 暂停计时; 暂定 when provisional. */
export function dayRows(ledger: LedgerLike): DayRow[] {
  let n = 0;
  return ledger.days.map((d) => {
    if (d.counted) n += 1;
    return {
      key: d.date,
      date: chineseDate(d.date),
      weekday: weekday(d.date),
      reason: `${LEDGER_REASON_TEXT[d.reason]}${d.counted ? `（第${n}个工作日）` : ''}${d.provisional ? '（暂定）' : ''}`,
      counted: d.counted,
      ...(d.counted ? { nth: n } : {}),
    };
  });
}

/** The ledger's totals in a sentence a department head reads at a glance. */
export function ledgerSummary(ledger: LedgerLike): string {
  const count = (r: LedgerReason) => ledger.days.filter((d) => d.reason === r).length;
  const parts = [
    `自${chineseDate(ledger.startDate)}受理，承诺${ledger.promisedDays}个工作日`,
    `已用${ledger.elapsedWorkingDays}个工作日，剩余${Math.max(ledger.remainingWorkingDays, 0)}个工作日`,
    `承诺办结日期${chineseDate(ledger.dueDate)}${ledger.provisional ? '（暂定）' : ''}`,
    `暂停计时${count('paused')}个工作日不计入，休息日${count('rest_day')}天，节假日${count('holiday')}天`,
  ];
  return parts.join('；');
}

/** An instant as the hall reads it (Beijing time): `2026-12-07T02:05:00Z` → 2026年12月7日 10:05 */
export function chinaDateTime(iso: string): string {
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return iso;
  const b = new Date(t.getTime() + 8 * 3600_000).toISOString();
  return `${chineseDate(b.slice(0, 10))} ${b.slice(11, 16)}`;
}

/** A step of the task's record in Chinese (分派, 审查意见, 暂停计时（特殊程序）…). */
export function actionText(action: string): string {
  return (TASK_ACTION_TEXT as Record<string, string>)[action as TaskActionKind] ?? action;
}

/* ---------- the forms' own checks (the API checks again and its problems are listed) ---------- */

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

/** 承办人: an account name of the department. */
export function assigneeProblem(username: string | undefined): string | undefined {
  const u = (username ?? '').trim();
  if (!u) return '请选择或填写承办人账号';
  if (!USERNAME.test(u)) return '承办人账号应为1至64位字母、数字或 ._@-';
  return undefined;
}

/** 联审会议's sections: at least one, at most 20, each 1–40 characters, none twice. */
export function sectionProblems(sections: readonly string[] | undefined): string[] {
  const list = (sections ?? []).map((s) => s.trim());
  const problems: string[] = [];
  if (list.length === 0) problems.push('请至少填写一个参会科室');
  if (list.length > 20) problems.push('参会科室最多20个');
  if (list.some((s) => s.length === 0)) problems.push('科室名称不能为空');
  for (const s of list.filter((x) => x.length > 40)) problems.push(`科室名称“${s.slice(0, 10)}…”超过40个字`);
  const twice = list.filter((s, i) => s && list.indexOf(s) !== i);
  for (const s of [...new Set(twice)]) problems.push(`科室“${s}”重复`);
  return problems;
}

/** 补齐补正's items: at least one, each with what is wrong (1–500 characters). */
export function correctionProblems(items: readonly { materialCode?: string; description?: string }[] | undefined): string[] {
  const list = items ?? [];
  if (list.length === 0) return ['请至少列出一项需要补正的内容'];
  const problems: string[] = [];
  list.forEach((it, i) => {
    const d = (it.description ?? '').trim();
    if (!d) problems.push(`第${i + 1}项：请说明需要补正的内容`);
    else if (d.length > 500) problems.push(`第${i + 1}项：说明不超过500个字`);
  });
  return problems;
}
