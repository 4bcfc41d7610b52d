import { describe, expect, it } from '@jest/globals';
import { RpcException } from '@nestjs/microservices';
import { AppError, departmentTaskSubject, Rpc, type AuditFactV1 } from '@yichuang/contracts';
import { Clock } from '../clock/clock.js';
import { requestContext } from '../context/request-context.js';
import { AuditTrail, errorCode, nounOf, type AuditSink } from './audit-trail.js';

const AT = '2026-11-26T02:00:00.000Z';

/** keeps what it is given: the facts are the subject of these tests */
class KeptFacts implements AuditSink {
  readonly facts: AuditFactV1[] = [];
  async write(fact: AuditFactV1): Promise<void> {
    this.facts.push(fact);
  }
}

function trail(): { trail: AuditTrail; kept: KeptFacts } {
  const kept = new KeptFacts();
  return { trail: new AuditTrail(new Clock(new Date(AT)), kept), kept };
}

const clerk = { username: 'clerk1', roles: ['clerk' as const], window: 'W01' };

describe('the audit fact of a request', () => {
  it('names who, from where, what, which object, the outcome, the correlation id and the Clock time', async () => {
    const { trail: t, kept } = trail();
    await requestContext.run({ correlationId: 'corr-1', actor: clerk, clientAddress: '10.0.0.21' }, () =>
      t.record({ subject: Rpc.intake.accept.subject, payload: { id: 'app-1', expectedUpdatedAt: 'x' }, reply: { caseNo: 'XX-1' } }),
    );
    expect(kept.facts).toEqual([
      { at: expect.stringMatching(/^2026-11-26T02:00/), actor: 'clerk1', roles: ['clerk'], clientAddress: '10.0.0.21', action: Rpc.intake.accept.subject, objectType: 'application', objectId: 'app-1', outcome: 'ok', correlationId: 'corr-1' },
    ]);
  });

  it('takes the object from the answer when the request names none, and the error code as the outcome', async () => {
    const { trail: t, kept } = trail();
    await requestContext.run({ correlationId: 'c', actor: clerk }, async () => {
      await t.record({ subject: Rpc.intake.createApplication.subject, payload: { applicant: { idNumber: '110105194912310029' } }, reply: { id: 'app-2', status: 'submitted' } });
      await t.record({ subject: Rpc.review.decide.subject, payload: { id: 'task-1', outcome: 'approve' }, error: new AppError('ALREADY_DECIDED', 'decided') });
      await t.record({ subject: Rpc.review.claim.subject, payload: { id: 'task-1' }, error: new RpcException({ code: 'VALIDATION_FAILED', message: 'x', details: [] }) });
      await t.record({ subject: Rpc.review.claim.subject, payload: { id: 'task-1' }, error: new Error('boom') });
    });
    expect(kept.facts.map((f) => [f.objectType, f.objectId, f.outcome, f.clientAddress])).toEqual([
      ['application', 'app-2', 'ok', 'nats'],
      ['task', 'task-1', 'ALREADY_DECIDED', 'nats'],
      ['task', 'task-1', 'VALIDATION_FAILED', 'nats'],
      ['task', 'task-1', 'INTERNAL', 'nats'],
    ]);
    expect(JSON.stringify(kept.facts)).not.toContain('110105194912310029');
  });

  it('names the username tried for a login (masked when it is a phone), and nothing for a read', async () => {
    const { trail: t, kept } = trail();
    await requestContext.run({ correlationId: 'c', clientAddress: '::1' }, async () => {
      await t.record({ subject: Rpc.admin.verifyLogin.subject, payload: { username: 'zrzy1', password: 'secret' }, reply: { username: 'zrzy1', roles: ['reviewer'], session: { refreshToken: 'r' } } });
      await t.record({ subject: Rpc.admin.verifyLogin.subject, payload: { username: '13812345678', password: 'wrong' }, error: new AppError('INVALID_CREDENTIALS', 'no') });
      await t.record({ subject: Rpc.admin.refreshSession.subject, payload: { refreshToken: 'r'.repeat(40) }, reply: { user: { username: 'zrzy1', roles: ['reviewer'] } } });
      await t.record({ subject: Rpc.admin.tokenState.subject, payload: { username: 'zrzy1' }, reply: {} });
      await t.record({ subject: Rpc.intake.submitOnline.subject, payload: {}, reply: { id: 'app-3' } });
    });
    expect(kept.facts.map((f) => [f.actor, f.roles, f.outcome])).toEqual([
      ['zrzy1', ['reviewer'], 'ok'],
      ['138****5678', [], 'INVALID_CREDENTIALS'],
      ['zrzy1', ['reviewer'], 'ok'],
      ['anonymous', [], 'ok'],
    ]);
    expect(JSON.stringify(kept.facts)).not.toMatch(/secret|wrong|rrrr|13812345678/);
  });

  it('derives the object type from the subject', () => {
    expect(nounOf(Rpc.intake.accept.subject)).toBe('application');
    expect(nounOf(Rpc.certificate.collect.subject)).toBe('certificate');
    expect(nounOf(Rpc.admin.setCalendarDay.subject)).toBe('calendar');
    expect(nounOf(departmentTaskSubject('ZRZY', 'decide'))).toBe('task');
    expect(errorCode({ code: 'NOT_FOUND', message: 'x', details: [] })).toBe('NOT_FOUND');
  });
});
