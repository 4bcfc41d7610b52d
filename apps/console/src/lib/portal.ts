import { alarmLevel, OUTCOME_TEXT, type AlarmLevel } from '@yichuang/domain';
import { remainingText } from './deadline';

/** What the applicant typed to find their case: a UUID is an application (not yet accepted), anything else a case number. */
export function portalRef(input: string): { caseNo: string } | { applicationId: string } {
  const v = input.trim();
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ? { applicationId: v.toLowerCase() } : { caseNo: v };
}

/** A service the applicant may rate (受理, 审批, 领证) as the portal and the rating link receive it. */
export interface RatableEvent {
  kind: 'acceptance' | 'decision' | 'handover';
  windowNo?: string;
  departmentCode?: string;
  itemCode?: string;
}

/** Names from the public catalogue (item code → item name, department code → department name), when known. */
export interface Names {
  items: Record<string, string>;
  departments: Record<string, string>;
}

/** `受理（W01窗口）`, `审批（不动产登记 · 自然资源局）`, `领证（P01窗口）`: what a rating is about, in the applicant's words. */
export function serviceEventText(e: RatableEvent, names: Names = { items: {}, departments: {} }): string {
  const window = e.windowNo ? `（${e.windowNo}窗口）` : '';
  if (e.kind === 'acceptance') return `受理${window}`;
  if (e.kind === 'handover') return `领证${window}`;
  const what = [e.itemCode ? (names.items[e.itemCode] ?? e.itemCode) : undefined, e.departmentCode ? (names.departments[e.departmentCode] ?? e.departmentCode) : undefined].filter(
    (s): s is string => Boolean(s),
  );
  return what.length ? `审批（${what.join(' · ')}）` : '审批';
}

/** A department's task as the applicant sees it: decided (its outcome) or its clock, with the staff pages' alarm colour. */
export function taskClock(t: { remainingWorkingDays: number; suspended: boolean; status?: string; outcome?: 'approve' | 'deny' }): { text: string; alarm: AlarmLevel } {
  if (t.outcome) return { text: `已办结：${OUTCOME_TEXT[t.outcome]}`, alarm: 'none' };
  // 补齐补正: the clock stops until the applicant answers (the law's 补正期间不计入审批时限)
  if (t.status === 'correction_requested') return { text: `待补正，暂停计时（剩余${Math.max(t.remainingWorkingDays, 0)}个工作日）`, alarm: 'none' };
  return { text: remainingText(t.remainingWorkingDays, t.suspended), alarm: t.suspended ? 'none' : alarmLevel(t.remainingWorkingDays) };
}

/** What a rating link's page says when it can no longer rate (the API's state, or its 410 answer). */
export function linkClosedText(state: 'used' | 'expired'): string {
  return state === 'used' ? '已评价：此链接涉及的服务均已评价，感谢您的参与' : '此评价链接已过期，如需评价请拨打12345或到政务服务大厅评价';
}

/** The files the portal accepts for a correction (the API decides by the content; this only guides the file picker). */
export const UPLOAD_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png';

/** A file's size for people: `312 KB`, `4.2 MB`. */
export function sizeText(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Before sending a file: a name or type that is no PDF/JPG/PNG, in Chinese (null: send it; the API still decides
 * by the content and its 413/415 reasons are shown as they come).
 */
export function uploadTypeProblem(file: { name: string; type: string }): string | null {
  const byName = /\.(pdf|jpe?g|png)$/i.test(file.name);
  const byType = file.type === '' || ['application/pdf', 'image/jpeg', 'image/png'].includes(file.type);
  return byName && byType ? null : `“${file.name}”不能上传：仅支持PDF、JPG、PNG格式的文件`;
}

/** A material of the checklist as the online application declares it. */
export interface OnlineMaterial {
  code: string;
  name: string;
  required: boolean;
  forms: readonly string[];
}

/**
 * What an online application declares: every material of the checklist that may be given electronically (uploaded
 * after the SMS login), and those taken only on paper, which the applicant brings to the window (the window
 * receives them into its custody, not the portal).
 */
export function onlineMaterials<M extends OnlineMaterial>(checklist: readonly M[]): { electronic: M[]; paperOnly: M[] } {
  const seen = new Set<string>();
  const unique = checklist.filter((m) => !seen.has(m.code) && seen.add(m.code));
  return { electronic: unique.filter((m) => m.forms.includes('electronic')), paperOnly: unique.filter((m) => !m.forms.includes('electronic')) };
}
