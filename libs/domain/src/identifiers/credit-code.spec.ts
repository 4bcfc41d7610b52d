import { describe, expect, it } from '@jest/globals';
import { creditCodeCheckChar, creditCodeProblem, isValidCreditCode, makeCreditCode } from './credit-code.js';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// Real, published codes of well-known enterprises (from their business licences / public records).
const KNOWN_VALID = [
  '91350100M000100Y43',
  '914403001922038216', // Huawei Technologies Co., Ltd.
  '9144030071526726XG', // Tencent (Shenzhen)
  '91330100716105852F', // Alibaba (China)
  '91110108551385082Q', // Beijing Xiaomi Technology
];

/** Independent MOD 31 check: the weights are 3^i mod 31. */
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17.charAt(i)) * (3 ** i % 31);
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

describe('creditCodeProblem', () => {
  it.each(KNOWN_VALID)('accepts the real code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('reports a one-character mutation with the expected check character', () => {
    // 91350100M000100Y43 with its 9th character M changed to N.
    const problem = creditCodeProblem('91350100N000100Y43');
    expect(problem).toMatch(/^check character should be [0-9A-Y], not 3$/);
    expect(creditCodeProblem('91350100M000100Y44')).toBe('check character should be 3, not 4');
  });

  it('rejects every single-character substitution of a real code', () => {
    for (const code of KNOWN_VALID) {
      for (let i = 0; i < 18; i++) {
        for (const c of CHARSET) {
          if (code[i] === c) continue;
          const mutated = code.slice(0, i) + c + code.slice(i + 1);
          expect(isValidCreditCode(mutated)).toBe(false);
        }
      }
    }
  });

  it('rejects a swap of two adjacent different characters', () => {
    const code = '914403001922038216';
    for (let i = 0; i < 16; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(isValidCreditCode(swapped)).toBe(false);
    }
  });

  it('explains form problems', () => {
    expect(creditCodeProblem('91350100M000100Y4')).toBe('must be 18 characters');
    expect(creditCodeProblem('')).toBe('must be 18 characters');
    expect(creditCodeProblem('91350100m000100y43')).toBe('letters must be upper-case');
    expect(creditCodeProblem('91350100I000100Y43')).toMatch(/other than I, O, S, V, Z/);
    expect(creditCodeProblem('91350100O000100Y43')).toMatch(/other than I, O, S, V, Z/);
    expect(creditCodeProblem('913501-0M000100Y43')).toMatch(/other than I, O, S, V, Z/);
    expect(creditCodeProblem('913A0100M000100Y43')).toMatch(/area code 3A0100/);
    expect(creditCodeProblem(null as unknown as string)).toBe('must be 18 characters');
  });
});

describe('makeCreditCode', () => {
  it('appends the check character of the real codes', () => {
    for (const code of KNOWN_VALID) expect(makeCreditCode(code.slice(0, 17))).toBe(code);
  });

  it('agrees with an independent implementation', () => {
    for (let n = 0; n < 3000; n++) {
      const body = `91411523MA${String(n * 7919).padStart(7, '0')}`.slice(0, 17);
      const code = makeCreditCode(body);
      expect(code.charAt(17)).toBe(referenceCheck(body));
      expect(creditCodeProblem(code)).toBeNull();
    }
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('refuses a body that is not 17 characters of the set', () => {
    expect(() => makeCreditCode('91350100M000100Y')).toThrow(RangeError);
    expect(() => makeCreditCode('91350100I000100Y4')).toThrow(RangeError);
  });
});
