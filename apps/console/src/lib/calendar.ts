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
