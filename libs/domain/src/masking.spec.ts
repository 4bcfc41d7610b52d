import { describe, expect, it } from '@jest/globals';
import { makeCreditCode } from './identifiers/credit-code.js';
import { makeResidentId } from './identifiers/resident-id.js';
import { findPii, maskIdNumber, maskName, maskPhone, maskPii } from './masking.js';

describe('maskIdNumber', () => {
  it('keeps the first 4 and last 4 characters', () => {
    expect(maskIdNumber('411523199001011234')).toBe('4115**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('410101900101123')).toBe('4101*******1123'); // old 15-digit number
  });

  it('masks short values entirely and keeps the length', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('123456789')).toBe('1234*6789');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskPhone('')).toBe('');
  });
});

describe('maskName', () => {
  it('keeps the first character', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
    expect(maskName('')).toBe('');
    expect(maskName('𠮷野家')).toBe('𠮷**'); // a character outside the BMP counts as one
  });
});

describe('maskPii', () => {
  it('masks resident IDs and mobile numbers inside free text', () => {
    expect(maskPii('申请人身份证号411523199001011234，电话13812345678。')).toBe('申请人身份证号4115**********1234，电话138****5678。');
    expect(maskPii('id=11010519491231002x;')).toBe('id=1101**********002x;');
    expect(maskPii('{"idNumber":"440524188001010014","phone":"15937612345"}')).toBe(
      '{"idNumber":"4405**********0014","phone":"159****2345"}',
    );
  });

  it('masks every occurrence', () => {
    expect(maskPii('13812345678 and 13912345678, 13812345678')).toBe('138****5678 and 139****5678, 138****5678');
  });

  it('masks IDs and phones glued to letters', () => {
    expect(maskPii('ID411523199001011234abc')).toBe('ID4115**********1234abc');
    expect(maskPii('tel13812345678x')).toBe('tel138****5678x');
  });

  it('masks phones written with a country code or separators', () => {
    expect(maskPii('call +8613812345678')).toBe('call +86138****5678');
    expect(maskPii('call 008613812345678')).toBe('call 0086138****5678');
    expect(maskPii('call +86 138 1234 5678')).toBe('call +86 138 **** 5678');
    expect(maskPii('call 138-1234-5678')).toBe('call 138-****-5678');
  });

  it('leaves other numbers alone', () => {
    const untouched = [
      'case 411523-2026-000001',
      'project 2025-411523-04-01-123456',
      'credit code 91350100M000100Y43',
      'at 1735689600000 ms', // a 13-digit epoch timestamp
      'order 6222021234567890123', // 19 digits: not an ID as a whole
      'amount 12812345678', // 11 digits but not a mobile prefix
      'date 2025-10-01T08:00:00+08:00',
      '',
    ];
    for (const text of untouched) expect(maskPii(text)).toBe(text);
  });

  it('never reveals the masked digits', () => {
    const masked = maskPii('a 411523199001011234 b 13812345678');
    expect(masked).not.toContain('4115231990');
    expect(masked).not.toContain('1234567');
  });

  it('never throws', () => {
    expect(maskPii(undefined as unknown as string)).toBe('');
    expect(maskPii(null as unknown as string)).toBe('');
    expect(maskPii(13812345678 as unknown as string)).toBe('138****5678');
    const hostile = {
      toString(): string {
        throw new Error('no');
      },
    };
    expect(() => maskPii(hostile as unknown as string)).not.toThrow();
    expect(() => maskIdNumber(hostile as unknown as string)).not.toThrow();
    expect(() => maskPhone(undefined as unknown as string)).not.toThrow();
    expect(() => maskName(Symbol('x') as unknown as string)).not.toThrow();
    expect(maskPii('x'.repeat(100_000))).toHaveLength(100_000);
  });
});

describe('findPii', () => {
  const id = makeResidentId('11010119900307457');
  const code = makeCreditCode('91411523MA44XQ1B2');
  it('finds valid resident IDs, credit codes and mobiles, masked', () => {
    expect(findPii(`id ${id} code ${code} tel 13812345678`)).toEqual([
      { kind: 'resident-id', masked: maskIdNumber(id) },
      { kind: 'credit-code', masked: maskIdNumber(code) },
      { kind: 'mobile', masked: '138****5678' },
    ]);
  });

  it('ignores masked values, wrong check characters and digits inside longer tokens', () => {
    expect(findPii(`${maskIdNumber(id)} ${maskPhone('13812345678')} ${id.slice(0, 17)}${id.endsWith('1') ? '2' : '1'} ${code.slice(0, 17)}${code.endsWith('1') ? '2' : '1'} 1764677273123 a13812345678f`)).toEqual([]);
    expect(findPii(maskPii(`${id} 13812345678`))).toEqual([]);
  });
});
