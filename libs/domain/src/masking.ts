/**
 * Masking of personal information for display and logs. None of these functions ever throws:
 * anything that is not a string is treated as text (null and undefined as the empty string).
 */

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
