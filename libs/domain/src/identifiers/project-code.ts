/**
 * Project code (项目代码) issued by the national investment-project online approval platform,
 * 24 characters `YYYY-AAAAAA-DD-TT-NNNNNN`: year, 6-digit area code, 2-digit department code,
 * 2-digit project type, then 5 random characters and 1 check character from `0-9 A-Z`.
 * The check character's algorithm is not published, so only the format is validated.
 */

export interface ProjectCodeOptions {
  /** The area code the project must carry; default '411523' (Xin County). Null accepts any area. */
  areaCode?: string | null;
  /** The earliest acceptable year; default 2015 (the national platform started issuing codes then). */
  minYear?: number;
  /** The latest acceptable year; default: no upper bound. */
  maxYear?: number;
}

export const DEFAULT_PROJECT_AREA_CODE = '411523';
const DEFAULT_MIN_YEAR = 2015;

const FORM = /^(\d{4})-(\d{6})-(\d{2})-(\d{2})-([0-9A-Z]{6})$/;

/** Null when `value` is a well-formed project code for the area and years, else the problem. */
export function projectCodeProblem(value: string, opts: ProjectCodeOptions = {}): string | null {
  if (typeof value !== 'string') return 'must be a text of 24 characters';
  const m = FORM.exec(value);
  if (m === null) {
    if (FORM.test(value.toUpperCase())) return 'letters must be upper-case';
    return 'must be 24 characters YYYY-AAAAAA-DD-TT-NNNNNN (year, area code, department, project type, 6 characters 0-9 A-Z)';
  }
  const year = Number(m[1]);
  const area = m[2] as string;
  const minYear = opts.minYear ?? DEFAULT_MIN_YEAR;
  const areaCode = opts.areaCode === undefined ? DEFAULT_PROJECT_AREA_CODE : opts.areaCode;
  if (year < minYear) return `year ${year} is before ${minYear}`;
  if (opts.maxYear !== undefined && year > opts.maxYear) return `year ${year} is after ${opts.maxYear}`;
  if (areaCode !== null && area !== areaCode) return `area code ${area} should be ${areaCode}`;
  return null;
}

export function isValidProjectCode(value: string, opts?: ProjectCodeOptions): boolean {
  return projectCodeProblem(value, opts) === null;
}
