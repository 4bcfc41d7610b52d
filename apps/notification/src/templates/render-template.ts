/**
 * The pure side of SMS templates (短信模板): a body is plain Chinese text with `{variable}` placeholders. Parsing,
 * rendering within a number of characters, and counting SMS parts (分条). No I/O, no framework.
 */

/** A piece of a variable's value: fixed text is never cut; an elastic piece may be shortened with "…". */
export type Piece = string | { elastic: string };

/**
 * A variable's value: a string (elastic or not as the variable is declared), or pieces (a value whose own fixed
 * parts must stay whole, e.g. a list of items with their dates: the names may be shortened, the dates never).
 */
export type TemplateValue = string | Piece[];

/** A parsed body: text and placeholders in order. */
export type BodyToken = { text: string } | { variable: string };

export interface BodyParse {
  tokens: BodyToken[];
  /** brace problems, with the character position (0-based) where each was found */
  braceErrors: { position: number; kind: 'unclosed' | 'unopened' | 'empty' | 'nested' | 'bad_name' }[];
}

const NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/** Split a body into text and `{name}` placeholders, noting every brace that does not form one. */
export function parseBody(body: string): BodyParse {
  const tokens: BodyToken[] = [];
  const braceErrors: BodyParse['braceErrors'] = [];
  const chars = Array.from(body);
  let text = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '}') {
      braceErrors.push({ position: i, kind: 'unopened' });
      text += c;
      continue;
    }
    if (c !== '{') {
      text += c;
      continue;
    }
    let j = i + 1;
    let name = '';
    let nested = false;
    while (j < chars.length && chars[j] !== '}') {
      if (chars[j] === '{') {
        nested = true;
        break;
      }
      name += chars[j];
      j++;
    }
    if (nested) {
      braceErrors.push({ position: i, kind: 'nested' });
      text += c;
      continue;
    }
    if (j >= chars.length) {
      braceErrors.push({ position: i, kind: 'unclosed' });
      text += chars.slice(i).join('');
      break;
    }
    if (name.length === 0) braceErrors.push({ position: i, kind: 'empty' });
    else if (!NAME.test(name)) braceErrors.push({ position: i, kind: 'bad_name' });
    else {
      if (text) tokens.push({ text });
      text = '';
      tokens.push({ variable: name });
      i = j;
      continue;
    }
    text += chars.slice(i, j + 1).join('');
    i = j;
  }
  if (text) tokens.push({ text });
  return { tokens, braceErrors };
}

/** Length as a phone counts it: characters, not UTF-16 code units. */
export function smsLength(text: string): number {
  return Array.from(text).length;
}

/** Characters per part of an SMS in Chinese (UCS-2): 70 for a single one, 67 for each part of a longer one. */
export const SINGLE_SMS_CHARS = 70;
export const CONCATENATED_PART_CHARS = 67;

/** How many SMS parts a text of `length` characters needs. */
export function smsParts(length: number): number {
  if (length <= SINGLE_SMS_CHARS) return 1;
  return Math.ceil(length / CONCATENATED_PART_CHARS);
}

/** The most characters a text may have to need at most `parts` SMS parts. */
export function maxCharsFor(parts: number): number {
  return parts <= 1 ? SINGLE_SMS_CHARS : parts * CONCATENATED_PART_CHARS;
}

/** An elastic text is never cut below this many characters (plus the "…"). */
export const MIN_KEPT = 4;
export const ELLIPSIS = '…';

export interface Rendered {
  text: string;
  /** each variable's value as it stands in the text (shortened where it was), for platforms taking template code + parameters */
  params: Record<string, string>;
}

/**
 * Render a body: placeholders replaced by their values; when the text is longer than `maxChars`, the longest
 * elastic text is shortened first with "…" (never below MIN_KEPT characters), then the next, until it fits.
 * Fixed wording and non-elastic values (case numbers, dates, phones) are never cut. A placeholder without a
 * value renders as nothing (the validator refuses bodies naming unknown variables). If even the shortest
 * elastic texts cannot make it fit (a body that passed the validator never gets here), the end is cut hard.
 */
export function renderBody(body: string, values: Readonly<Record<string, TemplateValue>>, elastic: ReadonlySet<string>, maxChars: number): Rendered {
  const { tokens } = parseBody(body);
  // one segment per fixed text or elastic piece, remembering which variable it belongs to
  const segs: { chars: string[]; elastic: boolean; variable?: string }[] = [];
  for (const t of tokens) {
    if ('text' in t) {
      segs.push({ chars: Array.from(t.text), elastic: false });
      continue;
    }
    const v = values[t.variable];
    if (v === undefined) continue;
    if (typeof v === 'string') {
      segs.push({ chars: Array.from(v), elastic: elastic.has(t.variable), variable: t.variable });
    } else {
      for (const p of v) {
        segs.push(typeof p === 'string' ? { chars: Array.from(p), elastic: false, variable: t.variable } : { chars: Array.from(p.elastic), elastic: true, variable: t.variable });
      }
    }
  }
  let over = segs.reduce((n, s) => n + s.chars.length, 0) - maxChars;
  while (over > 0) {
    let longest = -1;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i];
      if (s?.elastic && s.chars.length > MIN_KEPT + 1 && (longest < 0 || s.chars.length > (segs[longest]?.chars.length ?? 0))) longest = i;
    }
    const s = segs[longest];
    if (!s) break;
    // cut to the overflow, but never below MIN_KEPT characters (+ the ellipsis)
    const keep = Math.max(MIN_KEPT, s.chars.length - over - 1);
    over -= s.chars.length - keep - 1;
    s.chars = [...s.chars.slice(0, keep), ELLIPSIS];
    s.elastic = false; // shortened once is short enough: the next longest goes next
  }
  const params: Record<string, string> = {};
  for (const s of segs) if (s.variable !== undefined) params[s.variable] = (params[s.variable] ?? '') + s.chars.join('');
  for (const t of tokens) if ('variable' in t && values[t.variable] !== undefined) params[t.variable] ??= '';
  const text = segs.map((s) => s.chars.join('')).join('');
  return { text: over > 0 ? Array.from(text).slice(0, maxChars - 1).join('') + ELLIPSIS : text, params };
}
