import { addDays, CalendarRangeError, ISSUE_DAYS, diffDays, isProvisionalDeadline, type WorkingCalendar } from '@yichuang/domain';

export interface Counted {
  days: number;
  /** a day counted lies in a year whose holiday arrangement is not announced */
  provisional: boolean;
  /** false when calendar days were counted (no calendar, or dates it cannot answer) */
  workingDays: boolean;
}

/** Working days in (since, today]: how long something has waited. */
export function workingDaysSince(calendar: WorkingCalendar | undefined, since: string, today: string): Counted {
  if (today <= since) return { days: 0, provisional: false, workingDays: true };
  if (calendar) {
    try {
      return { days: calendar.countWorkingDays(since, today), provisional: isProvisionalDeadline(calendar, since, today), workingDays: true };
    } catch (err) {
      if (!(err instanceof CalendarRangeError)) throw err;
    }
  }
  return { days: diffDays(since, today), provisional: calendar !== undefined, workingDays: false };
}

/**
 * Working days left on `today` until `dueDate`, as the review tasks count them: the working days in (today, due] on
 * or before the due date (0 on the day itself); after it, `−max(1, working days in (due, today])`, so the day after
 * the due date is overdue even on a weekend. Calendar days where the calendar cannot answer.
 */
export function remainingWorkingDays(calendar: WorkingCalendar | undefined, today: string, dueDate: string): Counted {
  if (calendar) {
    try {
      const days = dueDate >= today ? calendar.countWorkingDays(today, dueDate) : -Math.max(1, calendar.countWorkingDays(dueDate, today));
      return { days, provisional: isProvisionalDeadline(calendar, today < dueDate ? today : dueDate, today < dueDate ? dueDate : today), workingDays: true };
    } catch (err) {
      if (!(err instanceof CalendarRangeError)) throw err;
    }
  }
  return { days: diffDays(today, dueDate), provisional: calendar !== undefined, workingDays: false };
}

/**
 * Art. 44's due date of a document decided on `decidedDate`: `ISSUE_DAYS` working days after it (the
 * calendar's provisional years included, and flagged); calendar days where the calendar cannot answer.
 */
export function deliveryDueDate(calendar: WorkingCalendar | undefined, decidedDate: string): { date: string; provisional: boolean; workingDays: boolean } {
  if (calendar) {
    try {
      return { ...calendar.workingDaysAfter(decidedDate, ISSUE_DAYS), workingDays: true };
    } catch (err) {
      if (!(err instanceof CalendarRangeError)) throw err;
    }
  }
  return { date: addDays(decidedDate, ISSUE_DAYS), provisional: calendar !== undefined, workingDays: false };
}
