import { describe, expect, it } from '@jest/globals';
import { isValidMobilePhone, mobilePhoneProblem } from './phone.js';

describe('mobilePhoneProblem', () => {
  it.each(['13812345678', '15937612345', '19912345678', '16612345678', '17012345678'])('accepts %s', (value) => {
    expect(mobilePhoneProblem(value)).toBeNull();
    expect(isValidMobilePhone(value)).toBe(true);
  });

  it.each([
    '12812345678', // second digit 2
    '10012345678',
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '23812345678',
    '138 1234 5678',
    '+8613812345678',
    '0376-6212345', // landline
    '１３８１２３４５６７８',
    '',
  ])('rejects %j', (value) => {
    expect(mobilePhoneProblem(value)).toBe('must be an 11-digit mainland mobile number starting with 13-19');
    expect(isValidMobilePhone(value)).toBe(false);
  });

  it('does not throw on non-strings', () => {
    expect(mobilePhoneProblem(13812345678 as unknown as string)).not.toBeNull();
  });
});
