import { addDays, CalendarRangeError, diffDays, type WorkingCalendar } from '@yichuang/domain';
import { remainingWorkingDays } from '../tasks/remaining-days.js';

/** One alarm level's slice of due dates for a sweep: every open task due in [from, to] crosses it. */
export interface LevelPlan {
  level: 'yellow' | 'red';
  /** first due date of the slice (inclusive), null = no lower bound */
  from: string | null;
  /** last due date of the slice (inclusive) */
  to: string;
  /** the remaining working days for each due date of the slice (the same numbers `taskClock` shows) */
  dates: string[];
  remaining: number[];
}

export interface SweepPlan {
  today: string;
  yellow: LevelPlan;
  red: LevelPlan | null;
  /** false when some days were counted as calendar days (no calendar, or dates past its loaded years) */
  workingDays: boolean;
}

/**
 * The due-date slices of a sweep, computed once per sweep with the calendar (never per task):
 *
 * - yellow: 0 ≤ remaining ≤ Y, where remaining = working days in (today, due]. That holds exactly for
 *   today ≤ due < addWorkingDays(today, Y + 1), so the last yellow due date is the day before the
 *   (Y+1)-th working day after today (which also covers rest days following the Y-th working day);
 * - red: remaining < 0, i.e. today is after the due date: due ≤ today − 1, whatever kind of day today is.
 *
 * `oldestOpenDue` (the earliest due date of an open task) bounds the red map; without it there is no red
 * slice to compute (no open task is overdue). Past the loaded calendar years, days count as calendar days.
 */
export function sweepPlan(calendar: WorkingCalendar | undefined, today: string, yellowAtOrBelow: number, oldestOpenDue: string | null): SweepPlan {
  let workingDays = true;
  const remainingOf = (due: string): number => {
    if (calendar) {
      try {
        return remainingWorkingDays(calendar, today, due);
      } catch (err) {
        if (!(err instanceof CalendarRangeError)) throw err;
      }
    }
    workingDays = false;
    return diffDays(today, due);
  };
  let yellowTo: string;
  try {
    if (!calendar) throw new CalendarRangeError(Number(today.slice(0, 4)));
    yellowTo = addDays(calendar.addWorkingDays(today, yellowAtOrBelow + 1), -1);
  } catch (err) {
    if (!(err instanceof CalendarRangeError)) throw err;
    workingDays = false;
    yellowTo = addDays(today, yellowAtOrBelow);
  }
  const yellow: LevelPlan = { level: 'yellow', from: today, to: yellowTo, dates: [], remaining: [] };
  for (let d = today; d <= yellowTo; d = addDays(d, 1)) {
    yellow.dates.push(d);
    yellow.remaining.push(remainingOf(d));
  }
  let red: LevelPlan | null = null;
  const redTo = addDays(today, -1);
  if (oldestOpenDue !== null && oldestOpenDue <= redTo) {
    red = { level: 'red', from: oldestOpenDue, to: redTo, dates: [], remaining: [] };
    for (let d = oldestOpenDue; d <= redTo; d = addDays(d, 1)) {
      red.dates.push(d);
      red.remaining.push(remainingOf(d));
    }
  }
  return { today, yellow, red, workingDays };
}
