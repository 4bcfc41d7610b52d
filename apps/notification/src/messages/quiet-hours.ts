/**
 * Quiet hours (免打扰时段): non-urgent SMS to applicants are not sent between SMS_QUIET_FROM and SMS_QUIET_UNTIL,
 * China time (Asia/Shanghai: UTC+8 all year, no daylight saving since 1991). The window may cross midnight
 * (21:00–08:00) or not (12:00–14:00); equal times mean no quiet hours. Pure.
 */

const CHINA_OFFSET_MIN = 8 * 60;
const DAY_MIN = 24 * 60;
const MINUTE_MS = 60_000;

/** `HH:mm` → minutes after midnight. */
function minutes(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`not a time of day (HH:mm): ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * When the quiet window that `now` falls in ends (the first instant a held message may be sent), or null when `now`
 * is outside it. `from` is inside the window, `until` is not.
 */
export function quietUntil(now: Date, from: string, until: string): Date | null {
  const f = minutes(from);
  const u = minutes(until);
  if (f === u) return null;
  const chinaMin = Math.floor(now.getTime() / MINUTE_MS) + CHINA_OFFSET_MIN;
  const minuteOfDay = ((chinaMin % DAY_MIN) + DAY_MIN) % DAY_MIN;
  const quiet = f > u ? minuteOfDay >= f || minuteOfDay < u : minuteOfDay >= f && minuteOfDay < u;
  if (!quiet) return null;
  // the next `until` at or after now, China time
  const midnight = chinaMin - minuteOfDay;
  const end = minuteOfDay < u ? midnight + u : midnight + DAY_MIN + u;
  return new Date((end - CHINA_OFFSET_MIN) * MINUTE_MS);
}
