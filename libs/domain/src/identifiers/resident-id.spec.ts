import { describe, expect, it } from '@jest/globals';
import {
  isValidResidentId,
  makeResidentId,
  normalizeResidentId,
  randomResidentId,
  residentIdBirthDate,
  residentIdCheckChar,
  residentIdProblem,
} from './resident-id.js';

// The two examples printed in GB 11643-1999, and a widely used sample number; all three were also
// checked with the independent implementation below.
const KNOWN_VALID = ['11010519491231002X', '440524188001010014', '110101199003074477'];

/** An independent implementation of ISO 7064 MOD 11-2, written differently from the library. */
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  return ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][sum % 11] as string;
}

describe('residentIdProblem', () => {
  it.each(KNOWN_VALID)('accepts the known-valid %s', (id) => {
    expect(residentIdProblem(id)).toBeNull();
    expect(isValidResidentId(id)).toBe(true);
  });

  it('accepts a lower-case x as X', () => {
    expect(residentIdProblem('11010519491231002x')).toBeNull();
    expect(normalizeResidentId('11010519491231002x')).toBe('11010519491231002X');
  });

  it('reports a wrong check character with the right one', () => {
    expect(residentIdProblem('110105194912310023')).toBe('check character should be X, not 3');
    expect(residentIdProblem('440524188001010013')).toBe('check character should be 4, not 3');
  });

  it('rejects every single-digit mutation of a valid number', () => {
    const valid = '440524188001010014';
    for (let i = 0; i < 17; i++) {
      for (let d = 0; d <= 9; d++) {
        const digit = String(d);
        if (valid[i] === digit) continue;
        const mutated = valid.slice(0, i) + digit + valid.slice(i + 1);
        expect(isValidResidentId(mutated)).toBe(false);
      }
    }
  });

  it('reports a birth date that does not exist', () => {
    const id = makeResidentId('41152319990230123'); // right check character, 1999-02-30
    expect(residentIdProblem(id)).toBe('birth date 19990230 is not a real date');
    expect(residentIdProblem(makeResidentId('41152320011301123'))).toBe('birth date 20011301 is not a real date');
  });

  it.each([
    '',
    '11010519491231002',
    '11010519491231002X1',
    '1101051949123100XX',
    '11010519491231002Y',
    ' 11010519491231002X',
    '１１０１０５１９４９１２３１００２Ｘ',
  ])('rejects the form of %j', (value) => {
    expect(residentIdProblem(value)).toBe('must be 18 characters: 17 digits and a check character 0-9 or X');
  });

  it('does not throw on non-strings', () => {
    expect(residentIdProblem(undefined as unknown as string)).not.toBeNull();
    expect(residentIdProblem(110105194912310020 as unknown as string)).not.toBeNull();
  });
});

describe('check character and fixtures', () => {
  it('agrees with an independent implementation', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const id = randomResidentId(seed);
      expect(id.charAt(17)).toBe(referenceCheck(id.slice(0, 17)));
      expect(residentIdProblem(id)).toBeNull();
    }
  });

  it('computes the check character of the standard examples', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    expect(makeResidentId('11010119900307447')).toBe('110101199003074477');
  });

  it('is deterministic with a seed', () => {
    expect(randomResidentId(42)).toBe(randomResidentId(42));
    expect(randomResidentId(42)).not.toBe(randomResidentId(43));
    expect(randomResidentId(7).startsWith('411523')).toBe(true);
    expect(isValidResidentId(randomResidentId())).toBe(true);
  });

  it('refuses a body that is not 17 digits', () => {
    expect(() => makeResidentId('1101051949123100')).toThrow(RangeError);
    expect(() => makeResidentId('1101051949123100X')).toThrow(RangeError);
  });

  it('gives the birth date of a valid number only', () => {
    expect(residentIdBirthDate('11010519491231002X')).toBe('1949-12-31');
    expect(residentIdBirthDate('110105194912310023')).toBeNull();
  });
});
