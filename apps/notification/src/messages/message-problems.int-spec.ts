import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { AppError, Events, Rpc, type Actor } from '@yichuang/contracts';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { DataSource } from 'typeorm';
import { aPhone, eventually, publishTestEvent, serviceClockAt, startTestInfra, TEST_INSTANT, testRpcClient, type TestInfra } from '@yichuang/testing';
import { NotificationEnv } from '../config.js';
import { NotificationModule } from '../app.module.js';
import { MessageProvider, type OutboundMessage, type SendResult } from '../providers/provider.js';
import { caseAcceptedEvent } from '../test-fixtures.js';

let seq = 0;
const aCaseNo = () => `411523-2026-${String(++seq).padStart(6, '0')}-${process.pid}p`;
const clerk: Actor = { username: 'clerk1', roles: ['clerk'], window: 'W01' };

const caseAccepted = (caseNo: string, phone: string) => caseAcceptedEvent(caseNo, phone, { itemCodes: ['ZRZY-002'] });

/** Answers from a script per phone (default: delivered). */
class ScriptedSmsProvider extends MessageProvider {
  readonly channel = 'sms' as const;
  private readonly scripts = new Map<string, (SendResult | Error)[]>();

  constructor(readonly name: string) {
    super();
  }

  script(phone: string, results: (SendResult | Error)[]): void {
    this.scripts.set(phone, results);
  }

  async send(sms: OutboundMessage): Promise<SendResult> {
    const next = this.scripts.get(sms.to)?.shift();
    if (next instanceof Error) throw next;
    return next ?? { status: 'delivered', providerMessageId: `${this.name}-${sms.messageId}` };
  }
}

/** A second provider with its own connection state, as the SMPP provider has (and a field that must never be shown). */
class StatefulSmsProvider extends ScriptedSmsProvider {
  state() {
    return { connected: true, bound: false, outstanding: 0, reconnects: 2, lastError: 'bind refused for 13812345678', password: 'never-shown' };
  }
}

describe('message problems for the window and provider health (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  const primary = new ScriptedSmsProvider('scripted');
  const secondary = new StatefulSmsProvider('smpp-like');
  const list = (caseNo: string) => rpc.request(Rpc.notification.listByCase, { caseNo });
  const settled = (caseNo: string, status: string) =>
    eventually(async () => {
      const [m] = await list(caseNo);
      return m?.status === status ? m : null;
    });
  const accept = async (p: string) => {
    const caseNo = aCaseNo();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, p));
    return caseNo;
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(NotificationEnv, {
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      LOG_LEVEL: 'fatal',
      SMS_POLL_MS: '50',
      SMS_MAX_ATTEMPTS: '1',
      SMS_FAILURE_THRESHOLD: '100',
      SMS_RECEIPT_WAIT_HOURS: '24',
      INSTANCE_ID: 'notification-problems',
      ...serviceClockAt(TEST_INSTANT),
    });
    app = await runService('notification', env, NotificationModule.forRoot(env, { providers: [primary, secondary] }));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await infra?.stop();
  });

  it('lists a permanent failure, a technical failure and an unconfirmed message past the wait with a Chinese reason; not a delivered one', async () => {
    const [pPermanent, pTechnical, pUnconfirmed, pDelivered] = [aPhone(), aPhone(), aPhone(), aPhone()];
    primary.script(pPermanent, [{ status: 'permanent_failure', reason: 'UNDELIV err:001' }]);
    primary.script(pTechnical, [{ status: 'temporary_failure', reason: `busy for ${pTechnical}` }]);
    primary.script(pUnconfirmed, [new Error('connection reset after the request was written')]);
    const permanent = await accept(pPermanent);
    const technical = await accept(pTechnical);
    const unconfirmed = await accept(pUnconfirmed);
    const delivered = await accept(pDelivered);
    const mPermanent = await settled(permanent, 'permanent_failure');
    await settled(technical, 'technical_failure');
    const mUnconfirmed = await settled(unconfirmed, 'unconfirmed');
    await settled(delivered, 'delivered');
    const caseNos = [permanent, technical, unconfirmed, delivered];

    // the unconfirmed one still waits for a late receipt: not yet the window's business
    let problems = await rpc.request(Rpc.notification.problems, { caseNos });
    expect(problems.map((p) => p.caseNo).sort()).toEqual([permanent, technical].sort());
    expect(problems.find((p) => p.caseNo === permanent)).toEqual({
      caseNo: permanent,
      messageId: mPermanent.id,
      channel: 'sms',
      template: 'CASE_ACCEPTED',
      templateName: '受理短信',
      status: 'permanent_failure',
      statusText: '无法送达',
      reason: '短信无法送达：号码无效或已停机（UNDELIV err:001），请电话告知申请人。',
      since: expect.any(String),
    });
    const tech = problems.find((p) => p.caseNo === technical);
    expect(tech?.reason).toBe(`短信多次发送失败（busy for ${pTechnical.slice(0, 3)}****${pTechnical.slice(-4)}），请电话告知申请人。`);
    expect(JSON.stringify(problems)).not.toContain(pTechnical);

    // a day and more later, still no receipt
    const ds = app.get(DataSource);
    await ds.query(`UPDATE message_attempt SET started_at = started_at - interval '25 hours', answered_at = answered_at - interval '25 hours' WHERE message_id = $1`, [mUnconfirmed.id]);
    problems = await rpc.request(Rpc.notification.problems, { caseNos });
    const late = problems.find((p) => p.caseNo === unconfirmed);
    expect(late).toMatchObject({ messageId: mUnconfirmed.id, status: 'unconfirmed', statusText: '发送结果未确认', reason: '短信是否送达无法确认（发送过程中断），请电话确认申请人是否收到。' });
    expect(problems).toHaveLength(3);

    // `since` narrows to problems that arose from then on
    const recent = await rpc.request(Rpc.notification.problems, { caseNos, since: new Date(Date.parse(late?.since ?? '') + 1000).toISOString() });
    expect(recent.map((p) => p.caseNo).sort()).toEqual([permanent, technical].sort());
    // no case asked: nothing (not every case)
    expect(await rpc.request(Rpc.notification.problems, { caseNos: [] })).toEqual([]);
  });

  it('takes a problem off the list once the clerk phoned the applicant; the message keeps its status and shows who and when', async () => {
    const p = aPhone();
    primary.script(p, [{ status: 'permanent_failure', reason: 'UNDELIV err:001' }]);
    const caseNo = await accept(p);
    const m = await settled(caseNo, 'permanent_failure');
    expect(await rpc.request(Rpc.notification.problems, { caseNos: [caseNo] })).toHaveLength(1);

    const forbidden = (await rpc.request(Rpc.notification.resolveProblem, { messageId: m.id, note: '已电话告知' }, { actor: { username: 'rev1', roles: ['reviewer'] } }).catch((e: unknown) => e)) as AppError;
    expect(forbidden.code).toBe('FORBIDDEN');

    const done = await rpc.request(Rpc.notification.resolveProblem, { messageId: m.id, note: '已电话告知申请人受理结果' }, { actor: clerk });
    expect(done).toMatchObject({ messageId: m.id, caseNo, status: 'permanent_failure', resolvedBy: 'clerk1', note: '已电话告知申请人受理结果' });
    expect(await rpc.request(Rpc.notification.problems, { caseNos: [caseNo] })).toEqual([]);
    const [after] = await list(caseNo);
    expect(after).toMatchObject({ status: 'permanent_failure', resolvedBy: 'clerk1', resolutionNote: '已电话告知申请人受理结果', resolvedAt: done.resolvedAt });
    // again: the first record stands
    expect(await rpc.request(Rpc.notification.resolveProblem, { messageId: m.id, note: '再次' }, { actor: clerk })).toEqual(done);

    // a delivered message is no problem to resolve; an unknown one is not found
    const ok = await accept(aPhone());
    const delivered = await settled(ok, 'delivered');
    const conflict = (await rpc.request(Rpc.notification.resolveProblem, { messageId: delivered.id, note: '无' }, { actor: clerk }).catch((e: unknown) => e)) as AppError;
    expect(conflict.code).toBe('CONFLICT');
    const missing = (await rpc.request(Rpc.notification.resolveProblem, { messageId: '00000000-0000-4000-8000-000000000000', note: '无' }, { actor: clerk }).catch((e: unknown) => e)) as AppError;
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('refuses more than 500 cases in one question', async () => {
    const err = (await rpc.request(Rpc.notification.problems, { caseNos: Array.from({ length: 501 }, () => aCaseNo()) }).catch((e: unknown) => e)) as AppError;
    expect(err.code).toBe('VALIDATION_FAILED');
  });

  it('lists the providers in priority order with their counts, their own state without secrets, and the instance', async () => {
    const providers = await rpc.request(Rpc.notification.providers, {});
    expect(providers.map((p) => [p.name, p.channel, p.priority, p.state])).toEqual([
      ['scripted', 'sms', 1, 'up'],
      ['smpp-like', 'sms', 2, 'up'],
    ]);
    expect(providers[0]?.counts.permanent_failure).toBeGreaterThanOrEqual(1);
    expect(providers[0]?.details).toBeUndefined();
    expect(providers[1]?.details).toEqual({ connected: true, bound: false, outstanding: 0, reconnects: 2, lastError: 'bind refused for 138****5678' });
    expect(providers.every((p) => p.instance === 'notification-problems')).toBe(true);
    expect(JSON.stringify(providers)).not.toContain('never-shown');
  });
});
