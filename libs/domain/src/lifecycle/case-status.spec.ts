import { describe, expect, it } from '@jest/globals';
import {
  assertCaseTransition,
  CASE_STATUSES,
  CASE_TRANSITIONS,
  canTransitionCase,
  InvalidTransitionError,
  isCaseStatus,
  isFinalCaseStatus,
  type CaseStatus,
} from './case-status.js';

const ALLOWED: [CaseStatus, CaseStatus][] = [
  ['accepted', 'in_review'],
  ['accepted', 'decided'],
  ['in_review', 'decided'],
  ['decided', 'ready_for_delivery'],
  ['ready_for_delivery', 'delivered'],
  ['delivered', 'closed'],
];

describe('case status machine', () => {
  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(canTransitionCase(from, to)).toBe(true);
    expect(() => assertCaseTransition(from, to)).not.toThrow();
  });

  it('refuses every other move (except the guarded decided → closed)', () => {
    for (const from of CASE_STATUSES) {
      for (const to of CASE_STATUSES) {
        const listed = ALLOWED.some(([f, t]) => f === from && t === to);
        if (listed || (from === 'decided' && to === 'closed')) continue;
        expect(canTransitionCase(from, to)).toBe(false);
        expect(() => assertCaseTransition(from, to)).toThrow(InvalidTransitionError);
      }
    }
  });

  it('closes a decided case directly only when there is no certificate', () => {
    expect(canTransitionCase('decided', 'closed', { hasCertificate: false })).toBe(true);
    expect(canTransitionCase('decided', 'closed', { hasCertificate: true })).toBe(false);
    expect(canTransitionCase('decided', 'closed')).toBe(false);
    expect(() => assertCaseTransition('decided', 'closed', { hasCertificate: true })).toThrow(/must be delivered/);
    expect(() => assertCaseTransition('decided', 'closed', { hasCertificate: false })).not.toThrow();
  });

  it('throws an error carrying entity, from and to', () => {
    let caught: unknown;
    try {
      assertCaseTransition('closed', 'in_review');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidTransitionError);
    expect(caught).toBeInstanceOf(Error);
    expect(caught).toMatchObject({ entity: 'case', from: 'closed', to: 'in_review', name: 'InvalidTransitionError' });
    expect((caught as Error).message).toBe('a case cannot go from closed to in_review');
  });

  it('lists the transitions as a frozen table', () => {
    expect(Object.keys(CASE_TRANSITIONS).sort()).toEqual([...CASE_STATUSES].sort());
    expect(Object.isFrozen(CASE_TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(CASE_TRANSITIONS.accepted)).toBe(true);
    expect(CASE_TRANSITIONS.closed).toEqual([]);
  });

  it('knows its statuses and the final one', () => {
    expect(isCaseStatus('in_review')).toBe(true);
    expect(isCaseStatus('rejected')).toBe(false);
    expect(isCaseStatus(undefined)).toBe(false);
    expect(CASE_STATUSES.filter(isFinalCaseStatus)).toEqual(['closed']);
  });

  it('refuses unknown statuses', () => {
    expect(canTransitionCase('accepted', 'bogus' as CaseStatus)).toBe(false);
    expect(() => assertCaseTransition('bogus' as CaseStatus, 'closed')).toThrow(/unknown status/);
  });
});
