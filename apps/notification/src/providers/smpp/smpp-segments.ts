/**
 * SMS encoding and segmentation for SMPP 3.4 (pure, no I/O).
 *
 * - Text made only of characters of the GSM 03.38 basic table (no extension characters) goes as data_coding 0, one
 *   octet per character (the SMSC packs it into 7-bit septets): 160 characters in one SMS, 153 per part of a
 *   concatenated one.
 * - Anything else (Chinese) goes as UCS-2 (data_coding 8, big-endian UTF-16): 70 characters in one SMS, 67 per part.
 *   A character outside the Basic Multilingual Plane (an emoji) is a surrogate pair and takes two of those 16-bit
 *   units (the 140-octet limit is physical); parts are always cut between characters, never inside a pair.
 * - Concatenated parts carry a 6-octet UDH `05 00 03 ref total seq` and esm_class 0x40 (UDHI).
 */

/** data_coding values used here */
export const DATA_CODING_DEFAULT = 0x00;
export const DATA_CODING_UCS2 = 0x08;
/** esm_class bit: the short message starts with a user data header */
export const ESM_CLASS_UDHI = 0x40;

/** at most this many parts (the UDH's total is one octet) */
export const MAX_PARTS = 255;

// GSM 03.38 basic character table, in code order (index = septet value). 0x1B (escape) is left out on purpose.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_CODE = new Map<string, number>();
for (let i = 0; i < GSM_BASIC.length; i++) if (GSM_BASIC[i] !== '\u001b') GSM_CODE.set(GSM_BASIC[i] as string, i);

export interface Encoding {
  dataCoding: number;
  /** capacity of a single SMS / of one part of a concatenated SMS, in units (GSM: characters; UCS-2: 16-bit units) */
  single: number;
  part: number;
}

export const GSM7: Encoding = { dataCoding: DATA_CODING_DEFAULT, single: 160, part: 153 };
export const UCS2: Encoding = { dataCoding: DATA_CODING_UCS2, single: 70, part: 67 };

/** true when every character is in the GSM 03.38 basic table (no escape/extension characters) */
export function isGsmBasic(text: string): boolean {
  for (const ch of text) if (!GSM_CODE.has(ch)) return false;
  return true;
}

export function chooseEncoding(text: string): Encoding {
  return isGsmBasic(text) ? GSM7 : UCS2;
}

/** units a character takes in an encoding (a surrogate pair takes two UCS-2 units) */
function unitsOf(ch: string, enc: Encoding): number {
  return enc === UCS2 ? ch.length : 1;
}

export interface SmsSegment {
  /** the characters of this part */
  text: string;
  /** the octets of short_message: UDH (if any) followed by the encoded text */
  bytes: Buffer;
  /** 1-based */
  seq: number;
  total: number;
}

export interface SegmentedSms {
  dataCoding: number;
  /** esm_class to send (0x40 when concatenated, else 0) */
  esmClass: number;
  segments: SmsSegment[];
}

/** Splits `text` into parts, each cut between characters (never inside a surrogate pair). */
export function splitText(text: string, enc: Encoding = chooseEncoding(text)): string[] {
  const chars = Array.from(text);
  let total = 0;
  for (const ch of chars) total += unitsOf(ch, enc);
  if (total <= enc.single) return [text];
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of chars) {
    const u = unitsOf(ch, enc);
    if (used + u > enc.part) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += u;
  }
  if (current) parts.push(current);
  return parts;
}

export function encodeText(text: string, enc: Encoding): Buffer {
  if (enc === UCS2) {
    const le = Buffer.from(text, 'utf16le');
    return le.swap16();
  }
  const out = Buffer.alloc(Array.from(text).length);
  let i = 0;
  for (const ch of text) {
    const code = GSM_CODE.get(ch);
    if (code === undefined) throw new Error('character outside the GSM 03.38 basic table');
    out[i++] = code;
  }
  return out;
}

export function decodeText(bytes: Buffer, dataCoding: number): string {
  if ((dataCoding & 0x0f) === DATA_CODING_UCS2) return Buffer.from(bytes).swap16().toString('utf16le');
  let s = '';
  for (const b of bytes) s += GSM_BASIC[b] ?? ' ';
  return s;
}

/** the 6-octet concatenation header: `05 00 03 ref total seq` */
export function concatUdh(ref: number, total: number, seq: number): Buffer {
  return Buffer.from([0x05, 0x00, 0x03, ref & 0xff, total & 0xff, seq & 0xff]);
}

/**
 * The parts of one SMS, ready for submit_sm. `ref` is the concatenation reference (0–255) shared by all parts;
 * unused for a single-part SMS. Throws if the text needs more than 255 parts (a programming error upstream).
 */
export function segmentSms(text: string, ref: number): SegmentedSms {
  const enc = chooseEncoding(text);
  const texts = splitText(text, enc);
  if (texts.length > MAX_PARTS) throw new Error(`text needs ${texts.length} parts (at most ${MAX_PARTS})`);
  if (texts.length === 1) {
    return { dataCoding: enc.dataCoding, esmClass: 0, segments: [{ text, bytes: encodeText(text, enc), seq: 1, total: 1 }] };
  }
  const total = texts.length;
  return {
    dataCoding: enc.dataCoding,
    esmClass: ESM_CLASS_UDHI,
    segments: texts.map((t, i) => ({ text: t, bytes: Buffer.concat([concatUdh(ref, total, i + 1), encodeText(t, enc)]), seq: i + 1, total })),
  };
}

/** the number of parts `text` needs (what an SMS costs) */
export function countParts(text: string): number {
  return splitText(text).length;
}
