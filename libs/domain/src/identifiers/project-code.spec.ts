import { describe, expect, it } from '@jest/globals';
import { isValidProjectCode, projectCodeProblem } from './project-code.js';

describe('projectCodeProblem', () => {
  it('accepts a well-formed Xin County code', () => {
    expect(projectCodeProblem('2025-411523-04-01-123456')).toBeNull();
    expect(projectCodeProblem('2019-411523-70-03-A1B2C3')).toBeNull();
    expect(isValidProjectCode('2025-411523-04-01-12345Z')).toBe(true);
  });

  it.each([
    '2025-411523-04-01-12345', // 23 characters
    '2025-411523-04-01-1234567',
    '2025411523040112345612',
    '2025-411523-4-01-123456',
    '25-411523-04-01-123456',
    '2025-41152A-04-01-123456',
    '2025-411523-04-01-12345!',
    '2025_411523_04_01_123456',
    ' 2025-411523-04-01-123456',
    '',
  ])('rejects the format of %j', (value) => {
    expect(projectCodeProblem(value)).toMatch(/^must be 24 characters YYYY-AAAAAA-DD-TT-NNNNNN/);
  });

  it('asks for upper-case letters', () => {
    expect(projectCodeProblem('2025-411523-04-01-a1b2c3')).toBe('letters must be upper-case');
  });

  it('checks the area code, default 411523', () => {
    expect(projectCodeProblem('2025-411502-04-01-123456')).toBe('area code 411502 should be 411523');
    expect(projectCodeProblem('2025-411502-04-01-123456', { areaCode: '411502' })).toBeNull();
    expect(projectCodeProblem('2025-110105-04-01-123456', { areaCode: null })).toBeNull();
  });

  it('checks the year range', () => {
    expect(projectCodeProblem('2014-411523-04-01-123456')).toBe('year 2014 is before 2015');
    expect(projectCodeProblem('2014-411523-04-01-123456', { minYear: 2010 })).toBeNull();
    expect(projectCodeProblem('2027-411523-04-01-123456', { maxYear: 2026 })).toBe('year 2027 is after 2026');
    expect(projectCodeProblem('2099-411523-04-01-123456')).toBeNull();
  });

  it('does not throw on non-strings', () => {
    expect(projectCodeProblem(undefined as unknown as string)).not.toBeNull();
  });
});
