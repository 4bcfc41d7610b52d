import { describe, expect, it } from '@jest/globals';
import { ISSUED_DOCUMENT_TYPES as RESULT_DOCUMENT_TYPES, RESULT_DOCUMENT_NO_CODE } from '@yichuang/domain';
import { CertificateEnv } from '../config.js';
import { formatCertificateNo, newVerifyCode, numberingYear, VERIFY_ALPHABET, VERIFY_CODE_LENGTH } from './numbering.js';

const DEFAULT_PATTERN = new CertificateEnv().CERTIFICATE_NO_PATTERN;

describe('certificate numbers', () => {
  it('name the document type in Chinese by default, as the planning permits do (地字第…号), with a 5-digit sequence', () => {
    expect(formatCertificateNo(DEFAULT_PATTERN, { area: '411523', year: 2026, typeCode: RESULT_DOCUMENT_NO_CODE.LAND_PLANNING_PERMIT, seq: 7 })).toBe(
      '地字第411523202600007号',
    );
    expect(formatCertificateNo(DEFAULT_PATTERN, { area: '411523', year: 2026, typeCode: RESULT_DOCUMENT_NO_CODE.CONSTRUCTION_PERMIT, seq: 1 })).toBe(
      '施字第411523202600001号',
    );
  });

  it('hold no English word for any document type, and two types never share a number', () => {
    const numbers = RESULT_DOCUMENT_TYPES.map((type) => formatCertificateNo(DEFAULT_PATTERN, { area: '411523', year: 2026, typeCode: RESULT_DOCUMENT_NO_CODE[type], seq: 1 }));
    for (const [i, no] of numbers.entries()) {
      expect(no).not.toMatch(/[A-Za-z_]/);
      expect(no).not.toContain(RESULT_DOCUMENT_TYPES[i]);
    }
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('takes a local pattern, every placeholder wherever it stands, and never cuts a long sequence', () => {
    expect(formatCertificateNo('新{type}〔{year}〕{seq}号（{area}）', { area: '411523', year: 2026, typeCode: '施', seq: 123456 })).toBe(
      '新施〔2026〕123456号（411523）',
    );
    expect(formatCertificateNo('{type}{type}-{year}-{seq}', { area: 'x', year: 2027, typeCode: '地', seq: 1 })).toBe('地地-2027-00001');
  });

  it('writes an agency\'s decision number with its abbreviation and the number as is', () => {
    expect(formatCertificateNo('{agency}许准字〔{year}〕{n}号', { area: '411523', year: 2026, typeCode: '许准', seq: 12, agency: '新自然资' })).toBe('新自然资许准字〔2026〕12号');
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
