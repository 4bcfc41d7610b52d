/**
 * Masking of personal information for display and logs. None of these functions ever throws:
 * anything that is not a string is treated as text (null and undefined as the empty string).
 */
import { isValidCreditCode } from './identifiers/credit-code.js';
import { isValidResidentId } from './identifiers/resident-id.js';

/** `411523199001011234` → `4115**********1234`: first 4 and last 4 kept, same length. */
export function maskIdNumber(value: string): string {
  return keepEnds(asText(value), 4, 4);
}

/** `13812345678` → `138****5678`: first 3 and last 4 kept, same length. */
export function maskPhone(value: string): string {
  return keepEnds(asText(value), 3, 4);
}

/** `张三` → `张*`, `欧阳娜娜` → `欧***`: the first character kept; a one-character name becomes `*`. */
export function maskName(value: string): string {
  const chars = Array.from(asText(value));
  if (chars.length <= 1) return '*'.repeat(chars.length);
  return chars[0] + '*'.repeat(chars.length - 1);
}

// 17 digits + a check character, not inside a longer run of digits.
const RESIDENT_ID_IN_TEXT = /(?<!\d)\d{17}[\dXx](?!\d)/g;
// 1[3-9]x xxxx xxxx, optionally written with spaces or hyphens between the groups and an optional
// +86 / 0086 / 86 prefix, not inside a longer run of digits.
const MOBILE_IN_TEXT = /(?<!\d)((?:\+86|0086|86)?[- ]?1[3-9]\d)([- ]?)\d{4}([- ]?)(\d{4})(?!\d)/g;

/**
 * Replaces every resident-ID-looking run (17 digits and a digit or X, check character not
 * verified) and every mainland mobile number in free text with its masked form, so that personal
 * numbers never reach logs. Runs of digits longer than those (order numbers, bank cards) are left
 * alone as wholes.
 */
export function maskPii(text: string): string {
  try {
    return asText(text)
      .replace(RESIDENT_ID_IN_TEXT, (id) => maskIdNumber(id))
      .replace(MOBILE_IN_TEXT, (_all, head: string, sep1: string, sep2: string, tail: string) => `${head}${sep1}****${sep2}${tail}`);
  } catch {
    return '[unprintable]';
  }
}

function keepEnds(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return value.slice(0, head) + '*'.repeat(value.length - head - tail) + value.slice(value.length - tail);
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  try {
    return String(value);
  } catch {
    return '';
  }
}

// For findPii: whole tokens only (not inside a longer run of letters or digits, e.g. a UUID or a timestamp).
const RESIDENT_ID_TOKEN = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const CREDIT_CODE_TOKEN = /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/g;
const MOBILE_TOKEN = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

export interface PiiFound {
  kind: 'resident-id' | 'credit-code' | 'mobile';
  /** the value found, masked */
  masked: string;
}

/**
 * Every unmasked personal number in `text`: resident ID numbers (valid check character and birth date),
 * unified social credit codes (valid check character) and mainland mobile numbers. Used by the tests that
 * scan every log line; the check characters keep it precise (an order number or a hash rarely passes them).
 */
export function findPii(text: string): PiiFound[] {
  const s = asText(text);
  const found: PiiFound[] = [];
  for (const m of s.matchAll(RESIDENT_ID_TOKEN)) {
    if (isValidResidentId(m[0])) found.push({ kind: 'resident-id', masked: maskIdNumber(m[0]) });
  }
  for (const m of s.matchAll(CREDIT_CODE_TOKEN)) {
    if (!/^\d{17}[\dX]$/.test(m[0]) && isValidCreditCode(m[0])) found.push({ kind: 'credit-code', masked: maskIdNumber(m[0]) });
  }
  for (const m of s.matchAll(MOBILE_TOKEN)) found.push({ kind: 'mobile', masked: maskPhone(m[0]) });
  return found;
}
