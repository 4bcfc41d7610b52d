import { describe, expect, it } from '@jest/globals';
import { creditCodeProblem, makeCreditCode } from './credit-code.js';
import { mobilePhoneProblem } from './phone.js';
import { projectCodeProblem } from './project-code.js';
import { makeResidentId, residentIdProblem } from './resident-id.js';
import { maskIdNumber, maskPhone, maskPii } from '../masking.js';
import { canTransitionCase } from '../lifecycle/case-status.js';
import { canTransitionTask } from '../lifecycle/task-status.js';

describe('identifiers', () => {
  it('accepts a resident ID with its GB 11643 check digit and refuses one changed digit', () => {
    expect(residentIdProblem('11010519491231002X')).toBeNull();
    expect(residentIdProblem('110105194912310021')).toMatch(/check/);
    expect(residentIdProblem('11010519490231002X')).toMatch(/date/);
    expect(residentIdProblem('1234')).not.toBeNull();
    const made = makeResidentId('41152319900101123');
    expect(residentIdProblem(made)).toBeNull();
  });

  it('accepts a unified social credit code with its GB 32100 check character and refuses a mutation', () => {
    expect(creditCodeProblem('91350100M000100Y43')).toBeNull();
    expect(creditCodeProblem('91350100M000100Y44')).not.toBeNull();
    expect(creditCodeProblem(makeCreditCode('91411523MA0000001'))).toBeNull();
  });

  it('checks the project code format and the county area code', () => {
    expect(projectCodeProblem('2026-411523-48-01-000123')).toBeNull();
    expect(projectCodeProblem('2026-410000-48-01-000123')).not.toBeNull();
    expect(projectCodeProblem('2026-411523-48-01-00012')).not.toBeNull();
  });

  it('checks mainland mobile numbers', () => {
    expect(mobilePhoneProblem('13812345678')).toBeNull();
    expect(mobilePhoneProblem('12812345678')).not.toBeNull();
  });
});

describe('masking', () => {
  it('masks ID numbers and phones as the contract shows', () => {
    expect(maskIdNumber('411523199001011234')).toBe('4115**********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('masks personal data inside free text (log lines)', () => {
    const line = JSON.stringify({ message: 'applicant 11010519491231002X phone 13912345678 case 411523-2026-000001' });
    const masked = maskPii(line);
    expect(masked).not.toContain('11010519491231002X');
    expect(masked).not.toContain('13912345678');
    expect(masked).toContain('411523-2026-000001');
  });
});

describe('state machines', () => {
  it('moves a case forward only', () => {
    expect(canTransitionCase('accepted', 'in_review')).toBe(true);
    expect(canTransitionCase('in_review', 'decided')).toBe(true);
    expect(canTransitionCase('decided', 'accepted')).toBe(false);
    expect(canTransitionCase('closed', 'in_review')).toBe(false);
  });

  it('decides a task only once', () => {
    expect(canTransitionTask('claimed', 'approved')).toBe(true);
    expect(canTransitionTask('approved', 'denied')).toBe(false);
    expect(canTransitionTask('denied', 'claimed')).toBe(false);
  });
});
