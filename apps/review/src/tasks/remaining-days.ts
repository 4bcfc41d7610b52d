import { alarmLevel, CalendarRangeError, diffDays, isDecided, type AlarmLevel, type TaskStatus, type WorkingCalendar } from '@yichuang/domain';

export interface TaskClock {
  remainingWorkingDays: number;
  alarm: AlarmLevel;
  /** false when the remaining days are calendar days (no working-day calendar for the dates involved) */
  workingDays: boolean;
}

/**
 * Working days left on `today` until `dueDate` (the due date of the task, as given at acceptance):
 * - on or before the due date: the working days in (today, dueDate], so 0 on the due date itself;
 * - after it: negative, `−max(1, working days in (dueDate, today])`, so the day after the due date is
 *   overdue even when it is a weekend or a holiday (the rule of `WorkingCalendar.remainingWorkingDays`).
 * @throws CalendarRangeError when a day of the range lies in a year the calendar has not loaded.
 */
export function remainingWorkingDays(calendar: WorkingCalendar, today: string, dueDate: string): number {
  if (dueDate >= today) return calendar.countWorkingDays(today, dueDate);
  return -Math.max(1, calendar.countWorkingDays(dueDate, today));
}

/**
 * The remaining days and alarm level of a task. Without a calendar (admin unreachable and nothing
 * cached) or past its loaded years, the days are counted as calendar days (`workingDays: false`).
 * A decided task raises no alarm.
 */
export function taskClock(calendar: WorkingCalendar | undefined, today: string, dueDate: string, status: TaskStatus): TaskClock {
  let remaining: number;
  let workingDays = false;
  if (calendar) {
    try {
      remaining = remainingWorkingDays(calendar, today, dueDate);
      workingDays = true;
    } catch (err) {
      if (!(err instanceof CalendarRangeError)) throw err;
      remaining = diffDays(today, dueDate);
    }
  } else {
    remaining = diffDays(today, dueDate);
  }
  return { remainingWorkingDays: remaining, alarm: isDecided(status) ? 'none' : alarmLevel(remaining), workingDays };
}

