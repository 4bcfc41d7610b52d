import { describe, expect, it } from '@jest/globals';
import { formatCertificateNo, newVerifyCode, numberingYear, VERIFY_ALPHABET, VERIFY_CODE_LENGTH } from './numbering.js';

describe('certificate numbers', () => {
  it('fills the default pattern with a 5-digit sequence', () => {
    expect(formatCertificateNo('{area}-{year}-{type}-{seq}', { area: '411523', year: 2026, type: 'CONSTRUCTION_PERMIT', seq: 7 })).toBe(
      '411523-2026-CONSTRUCTION_PERMIT-00007',
    );
  });

  it('takes a local pattern, every placeholder wherever it stands, and never cuts a long sequence', () => {
    expect(formatCertificateNo('新{type}〔{year}〕{seq}号（{area}）', { area: '411523', year: 2026, type: 'JS', seq: 123456 })).toBe(
      '新JS〔2026〕123456号（411523）',
    );
    expect(formatCertificateNo('{type}{type}-{year}-{seq}', { area: 'x', year: 2027, type: 'A', seq: 1 })).toBe('AA-2027-00001');
  });

  it('numbers by the calendar year in China, not UTC', () => {
    // 2026-12-31 16:30 UTC is already 2027-01-01 00:30 in Beijing
    expect(numberingYear(new Date('2026-12-31T16:30:00Z'))).toBe(2027);
    expect(numberingYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
  });
});

describe('verification codes', () => {
  it('are 12 characters of the unambiguous alphabet, different every time', () => {
    const codes = Array.from({ length: 2000 }, () => newVerifyCode());
    for (const c of codes) {
      expect(c).toHaveLength(VERIFY_CODE_LENGTH);
      for (const ch of c) expect(VERIFY_ALPHABET).toContain(ch);
    }
    expect(new Set(codes).size).toBe(codes.length);
    expect(VERIFY_ALPHABET).not.toMatch(/[01IO]/);
    expect(new Set(VERIFY_ALPHABET).size).toBe(32);
  });
});
