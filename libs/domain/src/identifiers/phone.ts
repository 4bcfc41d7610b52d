/** Mainland China mobile numbers: 11 digits, `1` then 3-9 then 9 digits, no country code or spaces. */

const MOBILE = /^1[3-9]\d{9}$/;

/** Null when `value` is a mainland mobile number, else a short English description of the problem. */
export function mobilePhoneProblem(value: string): string | null {
  if (typeof value !== 'string' || !MOBILE.test(value)) {
    return 'must be an 11-digit mainland mobile number starting with 13-19';
  }
  return null;
}

export function isValidMobilePhone(value: string): boolean {
  return mobilePhoneProblem(value) === null;
}

/** A phone as carriers and platforms name it (8613800138000, +86 138-0013-8000) → the 11 digits, for matching. */
export function normaliseMobile(value: string): string {
  return value.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
}
