/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from the 31-character
 * set `0-9 A-H J-N P-R T U W-Y` (no I, O, S, V, Z) = registration authority + organisation type +
 * 6-digit area code + 9-character organisation code + 1 check character (MOD 31).
 *
 * Only the form and the check character are validated. The organisation code inside it
 * (positions 9–17, GB 11714) has its own check digit, which is not validated here: codes issued
 * to individual businesses do not always follow it.
 */

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const FORM = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const BODY = /^[0-9A-HJ-NPQRTUWXY]{17}$/;

/**
 * The check character for the first 17 characters of a credit code.
 * @throws RangeError when `first17` is not 17 characters of the code's character set.
 */
export function creditCodeCheckChar(first17: string): string {
  if (typeof first17 !== 'string' || !BODY.test(first17)) {
    throw new RangeError('the body of a credit code must be 17 characters from 0-9 and A-Y without I, O, S, V, Z');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17.charAt(i)) * (WEIGHTS[i] as number);
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** Null when `value` is a valid credit code, else a short English description of the problem. */
export function creditCodeProblem(value: string): string | null {
  if (typeof value !== 'string' || value.length !== 18) {
    return 'must be 18 characters';
  }
  if (!FORM.test(value)) {
    if (FORM.test(value.toUpperCase())) return 'letters must be upper-case';
    return 'must use only 0-9 and upper-case letters other than I, O, S, V, Z';
  }
  if (!/^\d{6}$/.test(value.slice(2, 8))) {
    return `area code ${value.slice(2, 8)} (characters 3-8) must be 6 digits`;
  }
  const expected = creditCodeCheckChar(value.slice(0, 17));
  const actual = value.charAt(17);
  if (actual !== expected) return `check character should be ${expected}, not ${actual}`;
  return null;
}

export function isValidCreditCode(value: string): boolean {
  return creditCodeProblem(value) === null;
}

/**
 * Appends the correct check character to the first 17 characters (for test fixtures).
 * @throws RangeError when `first17` is not 17 characters of the code's character set.
 */
export function makeCreditCode(first17: string): string {
  return first17 + creditCodeCheckChar(first17);
}
