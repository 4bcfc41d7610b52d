import { describe, expect, it } from '@jest/globals';
import { envelopeProblems, idempotencyKey, inboundId, ratingRequest } from './province-items.js';

describe("what the provincial 政务服务网 pushes, as the hall reads it", () => {
  it("keys an application as first built and the other kinds by their kind, and the receiving service's Idempotency-Key from that", () => {
    expect(inboundId('applications', 'A1')).toBe('zwfw:A1');
    expect(inboundId('ratings', 'A1')).toBe('zwfw:ratings:A1');
    expect(idempotencyKey('zwfw:A1')).toBe('province-zwfw-A1');
    expect(idempotencyKey('zwfw:complaints:A1')).toBe('province-zwfw-complaints-A1');
  });

  it("lists every problem of a push's envelope, naming the body each kind carries", () => {
    expect(envelopeProblems('ratings', { id: 'R1', submittedAt: '2026-12-07T01:00:00Z', rating: {} })).toEqual([]);
    expect(envelopeProblems('complaints', { id: 'bad id!', submittedAt: 'yesterday', application: {} })).toEqual(['id: 1–64 letters, digits, _ or -', 'submittedAt: an ISO time', 'complaint: an object']);
  });

  it('reads the national five scores (5 非常满意 … 1 非常不满意) as our levels, with the service and department named', () => {
    expect(ratingRequest({ caseNo: 'C-1', score: 1, service: 'decision', departmentCode: 'ZRZY', comment: '太慢' })).toEqual({
      request: { caseNo: 'C-1', level: 'very_dissatisfied', service: 'decision', departmentCode: 'ZRZY', comment: '太慢' },
    });
    expect(ratingRequest({ caseNo: 'C-1', score: 5 })).toEqual({ request: { caseNo: 'C-1', level: 'very_satisfied' } });
    expect(ratingRequest({ caseNo: 'C-1', level: 'basic' })).toEqual({ request: { caseNo: 'C-1', level: 'basic' } });
  });

  it('refuses a rating nobody can read, every problem listed', () => {
    expect(ratingRequest({ score: 9, service: 'lunch', comment: 3 })).toEqual({
      problems: ['score: 1–5 (5 非常满意 … 1 非常不满意)', 'caseNo: the case number (办件编号)', 'service: one of acceptance, decision, handover', 'comment: text'],
    });
  });
});
