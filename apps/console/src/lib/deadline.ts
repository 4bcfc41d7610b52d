import type { AlarmLevel } from '@yichuang/domain';

/** A task's clock as the department reads it: 剩余N个工作日, due today, overdue, or stopped. */
export function remainingText(remainingWorkingDays: number, suspended = false): string {
  if (suspended) return `已暂停计时（剩余${Math.max(remainingWorkingDays, 0)}个工作日）`;
  if (remainingWorkingDays > 0) return `剩余${remainingWorkingDays}个工作日`;
  if (remainingWorkingDays === 0) return '今日到期';
  return `已超期${-remainingWorkingDays}个工作日`;
}

/** The colour of an alarm level (Ant Design tag colours): green on time, yellow card, red card. */
export function alarmColor(level: AlarmLevel): 'success' | 'warning' | 'error' {
  return level === 'red' ? 'error' : level === 'yellow' ? 'warning' : 'success';
}

/** `2026-12-14` → `2026年12月14日` */
export function chineseDate(isoDay: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDay);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : isoDay;
}
