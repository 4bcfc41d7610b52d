import { describe, expect, it } from '@jest/globals';
import {
  chooseEncoding,
  concatUdh,
  countParts,
  DATA_CODING_DEFAULT,
  DATA_CODING_UCS2,
  decodeText,
  encodeText,
  ESM_CLASS_UDHI,
  GSM7,
  isGsmBasic,
  segmentSms,
  splitText,
  UCS2,
} from './smpp-segments.js';

const zh = (n: number) => '政务服务中心通知'.repeat(Math.ceil(n / 8)).slice(0, n);
const ascii = (n: number) => 'Case 2026-001 accepted. '.repeat(Math.ceil(n / 24)).slice(0, n);
const EMOJI = '😀'; // U+1F600: one character, a surrogate pair (two UTF-16 units)

describe('encoding choice', () => {
  it('uses UCS-2 (data_coding 8) for Chinese and GSM (data_coding 0) for plain ASCII', () => {
    expect(chooseEncoding('【新县政务服务中心】您的申请已受理')).toBe(UCS2);
    expect(chooseEncoding('Your case 2026-001 is accepted.')).toBe(GSM7);
    expect(UCS2.dataCoding).toBe(DATA_CODING_UCS2);
    expect(GSM7.dataCoding).toBe(DATA_CODING_DEFAULT);
  });

  it('sends GSM extension characters and anything outside the basic table as UCS-2', () => {
    expect(isGsmBasic('a{b}')).toBe(false);
    expect(isGsmBasic('price €5')).toBe(false);
    expect(isGsmBasic('hello @ 10:00')).toBe(true);
  });
});

describe('the 70/67 rule (UCS-2)', () => {
  it('70 Chinese characters are one SMS, 71 are two (67 + 4)', () => {
    expect(splitText(zh(70))).toEqual([zh(70)]);
    const parts = splitText(zh(71));
    expect(parts.map((p) => p.length)).toEqual([67, 4]);
    expect(parts.join('')).toBe(zh(71));
  });

  it('134 characters are two parts of 67, 135 are three', () => {
    expect(countParts(zh(134))).toBe(2);
    expect(splitText(zh(135)).map((p) => Array.from(p).length)).toEqual([67, 67, 1]);
  });

  it('every part fits 140 octets with its UDH', () => {
    const sms = segmentSms(zh(200), 42);
    expect(sms.segments).toHaveLength(3);
    for (const s of sms.segments) expect(s.bytes.length).toBeLessThanOrEqual(140);
  });
});

describe('the 160/153 rule (GSM)', () => {
  it('160 ASCII characters are one SMS, 161 are two (153 + 8)', () => {
    expect(countParts(ascii(160))).toBe(1);
    expect(splitText(ascii(161)).map((p) => p.length)).toEqual([153, 8]);
  });

  it('encodes one octet per character and decodes back', () => {
    const text = 'Case @1: ok_done';
    const bytes = encodeText(text, GSM7);
    expect(bytes.length).toBe(text.length);
    expect(bytes[5]).toBe(0x00); // '@' is septet 0 in GSM 03.38
    expect(decodeText(bytes, DATA_CODING_DEFAULT)).toBe(text);
  });
});

describe('surrogate pairs', () => {
  it('are counted as the two UCS-2 units they take, so 69 characters + an emoji do not fit one SMS', () => {
    expect(countParts(zh(68) + EMOJI)).toBe(1); // 70 units
    expect(countParts(zh(69) + EMOJI)).toBe(2); // 71 units
  });

  it('are never split across parts', () => {
    const text = zh(66) + EMOJI + zh(10); // the emoji would straddle units 67/68
    const parts = splitText(text);
    expect(parts).toHaveLength(2);
    expect(Array.from(parts[0] as string)).toHaveLength(66);
    expect(parts[1]?.startsWith(EMOJI)).toBe(true);
    expect(parts.join('')).toBe(text);
    for (const p of parts) expect(p).toBe(decodeText(encodeText(p, UCS2), DATA_CODING_UCS2));
  });

  it('a text of emoji only splits at character boundaries', () => {
    const text = EMOJI.repeat(40); // 80 units
    const parts = splitText(text);
    expect(parts.map((p) => Array.from(p).length)).toEqual([33, 7]); // 66 units, then the rest
    expect(parts.join('')).toBe(text);
  });
});

describe('UDH and esm_class', () => {
  it('builds 05 00 03 ref total seq', () => {
    expect([...concatUdh(0xab, 3, 2)]).toEqual([0x05, 0x00, 0x03, 0xab, 0x03, 0x02]);
  });

  it('a long message gets UDHI, the same ref in every part and the parts numbered 1..n', () => {
    const sms = segmentSms(zh(150), 7);
    expect(sms.esmClass).toBe(ESM_CLASS_UDHI);
    expect(sms.dataCoding).toBe(DATA_CODING_UCS2);
    expect(sms.segments.map((s) => [...s.bytes.subarray(0, 6)])).toEqual([
      [5, 0, 3, 7, 3, 1],
      [5, 0, 3, 7, 3, 2],
      [5, 0, 3, 7, 3, 3],
    ]);
    expect(sms.segments.map((s) => decodeText(s.bytes.subarray(6), DATA_CODING_UCS2)).join('')).toBe(zh(150));
  });

  it('a short message has no UDH and esm_class 0', () => {
    const sms = segmentSms('【新县政务服务中心】您的申请已受理', 9);
    expect(sms.esmClass).toBe(0);
    expect(sms.segments).toHaveLength(1);
    expect(decodeText(sms.segments[0]?.bytes as Buffer, DATA_CODING_UCS2)).toBe('【新县政务服务中心】您的申请已受理');
  });
});
