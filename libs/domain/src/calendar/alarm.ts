/**
 * Electronic-supervision alarm levels (电子监察): a yellow warning shortly before a time limit
 * runs out, red once it is overdue. Thresholds are local practice, so they are configuration.
 */

export type AlarmLevel = 'none' | 'yellow' | 'red';

export interface AlarmThresholds {
  /** Yellow when the remaining working days are at or below this number (and not negative). */
  yellowAtOrBelow: number;
}

export const DEFAULT_ALARM_THRESHOLDS: Readonly<AlarmThresholds> = Object.freeze({ yellowAtOrBelow: 1 });

/**
 * The alarm level for a case or step with `remainingWorkingDays` left (as computed by
 * `WorkingCalendar.remainingWorkingDays`): `'red'` when negative (overdue), `'yellow'` when
 * 0 ≤ remaining ≤ `yellowAtOrBelow` (0 = due today), otherwise `'none'`.
 * @throws RangeError when `remainingWorkingDays` or the threshold is not a finite number.
 */
export function alarmLevel(
  remainingWorkingDays: number,
  thresholds: AlarmThresholds = DEFAULT_ALARM_THRESHOLDS,
): AlarmLevel {
  if (!Number.isFinite(remainingWorkingDays)) {
    throw new RangeError(`remainingWorkingDays must be a finite number, got ${remainingWorkingDays}`);
  }
  if (!Number.isFinite(thresholds.yellowAtOrBelow)) {
    throw new RangeError(`yellowAtOrBelow must be a finite number, got ${thresholds.yellowAtOrBelow}`);
  }
  if (remainingWorkingDays < 0) return 'red';
  if (remainingWorkingDays <= thresholds.yellowAtOrBelow) return 'yellow';
  return 'none';
}
