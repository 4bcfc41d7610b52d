/**
 * Resident identity card number (公民身份号码), GB 11643-1999: 18 characters =
 * 6-digit address code + 8-digit birth date YYYYMMDD + 3-digit sequence + 1 check character
 * (0-9 or X), the check character being ISO 7064 MOD 11-2 over the first 17 digits.
 *
 * A lower-case `x` is accepted as `X` (people type it); store the upper-case form
 * ({@link normalizeResidentId}).
 */
import { isRealDate } from '../calendar/dates.js';

const FORM = /^\d{17}[\dXx]$/;
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

/**
 * The check character (0-9 or X) for the first 17 digits of a resident ID number.
 * @throws RangeError when `first17` is not exactly 17 digits.
 */
export function residentIdCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !/^\d{17}$/.test(first17)) {
    throw new RangeError('the body of a resident ID number must be exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/**
 * Null when `value` is a valid resident ID number, else a short English description of the first
 * problem found: its form, its birth date, or its check character.
 */
export function residentIdProblem(value: string): string | null {
  if (typeof value !== 'string' || !FORM.test(value)) {
    return 'must be 18 characters: 17 digits and a check character 0-9 or X';
  }
  const birth = value.slice(6, 14);
  if (!isRealDate(Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8)))) {
    return `birth date ${birth} is not a real date`;
  }
  const expected = residentIdCheckChar(value.slice(0, 17));
  const actual = value.charAt(17).toUpperCase();
  if (actual !== expected) return `check character should be ${expected}, not ${actual}`;
  return null;
}

export function isValidResidentId(value: string): boolean {
  return residentIdProblem(value) === null;
}

/** The stored form: upper-case X. Does not validate. */
export function normalizeResidentId(value: string): string {
  return value.toUpperCase();
}

/** The birth date (`YYYY-MM-DD`) of a valid resident ID number, or null when it is not valid. */
export function residentIdBirthDate(value: string): string | null {
  if (!isValidResidentId(value)) return null;
  return `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
}

/**
 * Appends the correct check character to 17 digits (for test fixtures). The birth date is not
 * checked, so a fixture with a wrong date but a right check character can be built on purpose.
 * @throws RangeError when `first17` is not exactly 17 digits.
 */
export function makeResidentId(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

/**
 * A valid resident ID number for test fixtures: address code 411523 (Xin County), a birth date in
 * 1950–2005 and a random sequence. With a `seed` the result is the same on every run.
 */
export function randomResidentId(seed?: number): string {
  const next = seed === undefined ? Math.random : mulberry32(seed);
  const year = 1950 + Math.floor(next() * 56);
  const month = 1 + Math.floor(next() * 12);
  const day = 1 + Math.floor(next() * 28);
  const sequence = Math.floor(next() * 1000);
  return makeResidentId(
    `411523${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(sequence).padStart(3, '0')}`,
  );
}

/** A small deterministic PRNG giving numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
