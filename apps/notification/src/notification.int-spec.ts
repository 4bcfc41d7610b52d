import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { AppError, Events, Rpc, type CertificatesIssuedV1, type StaffContact, type TaskSuspendedV1 } from '@yichuang/contracts';
import { maskPhone } from '@yichuang/domain';
import { Clock, loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { DataSource } from 'typeorm';
import { connect } from '@nats-io/transport-node';
import { createHash } from 'node:crypto';
import { aPhone, eventually, fakeRpcService, publishTestEvent, readEvents, serviceClockAt, startTestInfra, TEST_INSTANT, testRpcClient, type TestInfra } from '@yichuang/testing';
import { NotificationEnv } from './config.js';
import { NotificationModule } from './app.module.js';
import { SmsDispatcher } from './messages/sms-dispatcher.js';
import { RatingInvitations } from './messages/rating-invitations.js';
import { MessageProvider, type OutboundMessage, type SendResult } from './providers/provider.js';
import { caseAcceptedEvent } from './test-fixtures.js';

let seq = 0;
const aCaseNo = () => `411523-2026-${String(++seq).padStart(6, '0')}-${process.pid}`;

const caseAccepted = (caseNo: string, phone: string, name?: string) => caseAcceptedEvent(caseNo, phone, name ? { name } : {});

function certificatesIssued(caseNo: string): CertificatesIssuedV1 {
  return {
    caseNo,
    certificates: [
      { id: 'c1', no: '地字第411523202600001号', type: 'YDGH', typeName: '建设用地规划许可证', itemCode: 'ZRZY-002', verifyCode: 'ABCD2345' },
      { id: 'c2', no: '用字第411523202600001号', type: 'YDYS', typeName: '用地预审与选址意见书', itemCode: 'ZRZY-001', verifyCode: 'EFGH6789' },
    ],
    issuedAt: '2026-12-01T08:00:00.000Z',
  };
}

/** Capture what the services write to stdout/stderr (the JSON logger), without printing it. */
function captureOutput(): { lines: () => string[]; restore: () => void } {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  return {
    lines: () => chunks.join('').split('\n'),
    restore: () => {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

describe('notification service with the development SMS provider (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let output: ReturnType<typeof captureOutput>;
  const phones: string[] = [];
  const phone = () => {
    const p = aPhone();
    phones.push(p);
    return p;
  };
  const list = (caseNo: string) => rpc.request(Rpc.notification.listByCase, { caseNo });
  const delivered = (caseNo: string, n: number) =>
    eventually(async () => {
      const l = await list(caseNo);
      return l.length === n && l.every((m) => m.status === 'delivered') ? l : null;
    });
  /** publish a marker case and wait for its SMS: everything published before it has been handled */
  const settle = async () => {
    const marker = aCaseNo();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(marker, phone()));
    await delivered(marker, 1);
  };

  beforeAll(async () => {
    infra = await startTestInfra();
    output = captureOutput();
    const env = loadEnv(NotificationEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'log', SMS_POLL_MS: '100', ...serviceClockAt(TEST_INSTANT) });
    app = await runService('notification', env, NotificationModule.forRoot(env));
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    output?.restore();
    await infra?.stop();
  });

  it('sends one Chinese SMS with the case number when a case is accepted, and publishes message.sent', async () => {
    const caseNo = aCaseNo();
    const p = phone();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, p));
    const [sms] = await delivered(caseNo, 1);
    expect(sms).toMatchObject({ channel: 'sms', template: 'CASE_ACCEPTED', status: 'delivered', attempts: 1 });
    expect(sms?.content).toContain(`办件编号${caseNo}`);
    expect(sms?.content).toContain('您申请的“城北安置小区”2个事项已于2026年11月26日受理');
    expect(sms?.content.startsWith('【新县政务服务中心】')).toBe(true);
    expect(sms?.sentAt).toBeDefined();

    const sent = await eventually(async () => {
      const events = (await readEvents(infra.natsUrl, Events.messageSent)).filter((e) => e.data.caseNo === caseNo);
      return events.length > 0 ? events : null;
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.data).toMatchObject({ messageId: sms?.id, channel: 'sms', template: 'CASE_ACCEPTED' });
    expect(sent[0]?.source).toBe('notification');
  });

  it('sends nothing more when the same event is delivered again, or another acceptance event of the case arrives', async () => {
    const caseNo = aCaseNo();
    const p = phone();
    const first = await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, p));
    await delivered(caseNo, 1);
    // the same envelope again, past JetStream's de-duplication window (another message id): the inbox drops it
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, first.data, { id: first.id, msgId: `${first.id}-again` });
    // a distinct event (new id) for the same case and template: the dedupe key drops it
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, phone(), '另一个名字'));
    await settle();
    const l = await list(caseNo);
    expect(l).toHaveLength(1);
    expect(l[0]?.recipient).toBe(maskPhone(p));
    expect(l[0]?.content).toContain('新县城投建设有限公司您好');
    const sent = (await readEvents(infra.natsUrl, Events.messageSent)).filter((e) => e.data.caseNo === caseNo);
    expect(sent).toHaveLength(1);
  });

  it('retries a result notice that arrives before the case is known, and sends it once the case is accepted', async () => {
    const caseNo = aCaseNo();
    const p = phone();
    await publishTestEvent(infra.natsUrl, Events.certificatesIssued, certificatesIssued(caseNo));
    // the handler refused it (recipient unknown), so it will be redelivered
    await eventually(async () => output.lines().some((l) => l.includes(`recipient of case ${caseNo} not known yet`)));
    expect(await list(caseNo)).toEqual([]);
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, p));
    const l = await delivered(caseNo, 2);
    expect(l.map((m) => m.template).sort()).toEqual(['CASE_ACCEPTED', 'RESULT_READY']);
    const ready = l.find((m) => m.template === 'RESULT_READY');
    expect(ready?.content).toContain(`您的办件${caseNo}审批结果（建设用地规划许可证、用地预审与选址意见书）已办结`);
    expect(ready?.content).toContain('统一出件窗口领取，或申请EMS免费寄递');
    expect(ready?.recipient).toBe(maskPhone(p));
    // a repeated result event sends nothing more
    await publishTestEvent(infra.natsUrl, Events.certificatesIssued, certificatesIssued(caseNo));
    await settle();
    expect(await list(caseNo)).toHaveLength(2);
  });

  it('invites a rating in the completion SMS (a one-time link, only its hash announced) and passes the applicant’s reply on to it', async () => {
    const caseNo = aCaseNo();
    const p = phone();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, p));
    await publishTestEvent(infra.natsUrl, Events.certificatesIssued, certificatesIssued(caseNo));
    const ready = (await delivered(caseNo, 2)).find((m) => m.template === 'RESULT_READY');
    const token = (/评价：http:\/\/localhost:3000\/r\/([A-Za-z0-9_-]{16}) 或回复1-5（5分最满意）$/.exec(ready?.content ?? '') ?? [])[1] as string;
    expect(token).toBeTruthy();
    const invitations = await eventually(async () => {
      const l = (await readEvents(infra.natsUrl, Events.ratingInvitationCreated)).filter((e) => e.data.caseNo === caseNo);
      return l.length > 0 ? l : null;
    });
    expect(invitations.map((e) => e.data)).toEqual([
      expect.objectContaining({ tokenHash: createHash('sha256').update(token).digest('hex'), itemCodes: ['ZRZY-001', 'ZRZY-002'] }),
    ]);
    expect(JSON.stringify(invitations)).not.toContain(token);

    // a reply from that phone (as the SMSC names it) answers this invitation; one from a stranger is kept, not passed on
    const replies = app.get(RatingInvitations);
    await replies.reply('smpp', { from: `86${p}`, text: ' 4 ' });
    await replies.reply('smpp', { from: aPhone(), text: '1' });
    const passed = await eventually(async () => {
      const l = (await readEvents(infra.natsUrl, Events.smsReplied)).filter((e) => e.data.invitationTokenHash === invitations[0]?.data.tokenHash);
      return l.length > 0 ? l : null;
    });
    expect(passed.map((e) => e.data.text)).toEqual(['4']);
    expect(JSON.stringify(passed)).not.toContain(p);
    const stored = (await app.get(DataSource).query(`SELECT text, invitation_token_hash IS NOT NULL AS matched FROM sms_reply ORDER BY text`)) as { text: string; matched: boolean }[];
    expect(stored).toEqual([
      { text: '1', matched: false },
      { text: '4', matched: true },
    ]);
  });

  it('lists a case’s messages with the phone masked, and nothing for an unknown case', async () => {
    const caseNo = aCaseNo();
    const p = phone();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, p));
    const [sms] = await delivered(caseNo, 1);
    expect(sms?.recipient).toBe(`${p.slice(0, 3)}****${p.slice(-4)}`);
    expect(JSON.stringify(sms)).not.toContain(p);
    expect(await list('NO-SUCH-CASE')).toEqual([]);
  });

  it('refuses a malformed case number as VALIDATION_FAILED', async () => {
    const err = (await rpc.request(Rpc.notification.listByCase, { caseNo: 'bad case!' }).catch((e: unknown) => e)) as AppError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.details.map((d) => d.field)).toContain('caseNo');
  });

  it('tells the applicant about a special procedure and a correction request, one SMS per suspension event', async () => {
    const caseNo = aCaseNo();
    const p = phone();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, p));
    await delivered(caseNo, 1);
    const special: TaskSuspendedV1 = {
      taskId: 't-1',
      caseNo,
      itemCode: 'ZRZY-002',
      departmentCode: 'ZRZY',
      kind: 'special_procedure',
      procedure: 'expert_review',
      reason: '用地规模较大',
      expectedWorkingDays: 10,
      at: '2026-11-27T01:00:00.000Z',
    };
    const first = await publishTestEvent(infra.natsUrl, Events.taskSuspended, special);
    const l = await delivered(caseNo, 2);
    const sms = l.find((m) => m.template === 'TASK_SUSPENDED');
    expect(sms?.content).toBe(
      `【新县政务服务中心】您的办件${caseNo}中“建设用地规划许可证”需进行专家评审（用地规模较大），预计10个工作日，该期间不计入审批时限。咨询电话0376-2962000。`,
    );
    expect(sms?.recipient).toBe(maskPhone(p));
    // the same event redelivered: nothing more; a correction request of the same task: one more
    await publishTestEvent(infra.natsUrl, Events.taskSuspended, first.data, { id: first.id, msgId: `${first.id}-again` });
    await publishTestEvent(infra.natsUrl, Events.taskSuspended, {
      ...special,
      kind: 'correction',
      procedure: undefined,
      expectedWorkingDays: undefined,
      reason: '材料不符合法定形式',
      items: [{ materialCode: 'M01', description: '申请表缺少法定代表人签字' }, { description: '土地权属证明为复印件' }],
    });
    const all = await delivered(caseNo, 3);
    const correction = all.find((m) => m.template === 'CORRECTION_REQUESTED');
    expect(correction?.content).toContain('中“建设用地规划许可证”需补齐补正：1.申请表缺少法定代表人签字；2.土地权属证明为复印件。');
    await settle();
    expect(await list(caseNo)).toHaveLength(3);
  });

  it('sends a task alarm to the department reviewers and its head (contacts from admin), once each', async () => {
    const caseNo = aCaseNo();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, phone()));
    await delivered(caseNo, 1);
    const staff: StaffContact[] = [
      { username: 'zrzy1', displayName: '李志强', phone: phone(), roles: ['reviewer'] },
      { username: 'zrzy_head', displayName: '吴德明', phone: phone(), roles: ['reviewer', 'department_head'] },
      { username: 'zrzy_clerk', displayName: '王五', phone: phone(), roles: ['clerk'] },
    ];
    // admin's staff-contacts subject, answered as a Nest microservice would
    const nc = await connect({ servers: infra.natsUrl });
    const admin = fakeRpcService(nc, Rpc.admin.staffContacts, () => staff, 'admin');
    const asked = () => admin.asked.flatMap((a) => (a.departmentCode ? [a.departmentCode] : []));
    try {
      const alarm = { alarmId: `alarm-${caseNo}`, taskId: 't-2', caseNo, departmentCode: 'ZRZY', level: 'red' as const, dueDate: '2026-12-10', remainingWorkingDays: -2, raisedAt: '2026-12-14T01:00:00.000Z' };
      await publishTestEvent(infra.natsUrl, Events.taskAlarmRaised, alarm);
      const byRef = () => rpc.request(Rpc.notification.listByRef, { ref: alarm.alarmId });
      const sms = await eventually(async () => {
        const l = await byRef();
        return l.length === 2 && l.every((m) => m.status === 'delivered') ? l : null;
      });
      expect(sms.map((m) => m.recipient).sort()).toEqual([maskPhone(staff[0]?.phone ?? ''), maskPhone(staff[1]?.phone ?? '')].sort());
      for (const m of sms) {
        expect(m.content).toBe(
          `【电子监察】红牌警告：办件${caseNo}“建设项目用地预审与选址意见书、建设用地规划许可证”已超期2个工作日（承诺办结日期2026年12月10日），请立即办理并说明超期原因。`,
        );
      }
      expect(asked()).toEqual(['ZRZY']);
      // another event of the same alarm: nobody gets a second SMS
      await publishTestEvent(infra.natsUrl, Events.taskAlarmRaised, alarm);
      await eventually(async () => asked().length === 2);
      await settle();
      expect(await byRef()).toHaveLength(2);
      // staff messages are not the applicant's
      expect((await list(caseNo)).map((m) => m.template)).toEqual(['CASE_ACCEPTED']);
    } finally {
      await nc.close();
    }
  });

  it('logs each SMS with the phone masked, and never a phone number', () => {
    const lines = output.lines();
    const first = phones[0] ?? '';
    expect(lines.some((l) => l.includes(`sms to ${maskPhone(first)} template CASE_ACCEPTED`))).toBe(true);
    expect(lines.some((l) => l.includes('template RESULT_READY'))).toBe(true);
    for (const p of phones) expect(lines.filter((l) => l.includes(p))).toEqual([]);
  });
});

/** A provider that answers from a script per phone (default: delivered) and records every call. */
class ScriptedSmsProvider extends MessageProvider {
  readonly channel = 'sms' as const;
  readonly calls: OutboundMessage[] = [];
  private readonly scripts = new Map<string, (SendResult | Error)[]>();

  constructor(readonly name = 'scripted') {
    super();
  }

  script(phone: string, results: (SendResult | Error)[]): void {
    this.scripts.set(phone, results);
  }

  async send(sms: OutboundMessage): Promise<SendResult> {
    this.calls.push(sms);
    await new Promise((r) => setTimeout(r, 5));
    const next = this.scripts.get(sms.to)?.shift();
    if (next instanceof Error) throw next;
    return next ?? { status: 'delivered', providerMessageId: `${this.name}-${sms.messageId}` };
  }
}

describe('the SMS dispatcher with a provider that fails (two instances, real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  const apps: INestMicroservice[] = [];
  let rpc: RpcClient;
  const provider = new ScriptedSmsProvider();
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
  const sentEvents = async (caseNo: string) => (await readEvents(infra.natsUrl, Events.messageSent)).filter((e) => e.data.caseNo === caseNo);

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(NotificationEnv, {
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      LOG_LEVEL: 'fatal',
      SMS_POLL_MS: '50',
      SMS_RETRY_BASE_MS: '50',
      SMS_RETRY_MAX_MS: '200',
      SMS_MAX_ATTEMPTS: '3',
      SMS_PER_RECIPIENT_PER_HOUR: '3',
      SMS_FAILURE_THRESHOLD: '100',
      SMS_SEND_TIMEOUT_MS: '1000',
      ...serviceClockAt(TEST_INSTANT),
    });
    for (const id of ['a', 'b']) {
      const e = Object.assign(new NotificationEnv(), env, { INSTANCE_ID: `notification-${id}` });
      apps.push(await runService('notification', e, NotificationModule.forRoot(e, { providers: [provider] })));
    }
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    for (const app of apps) await app.close();
    await infra?.stop();
  });

  it('retries temporary failures with a count of attempts, then delivers once', async () => {
    const p = aPhone();
    provider.script(p, [{ status: 'temporary_failure', reason: `busy for ${p}` }, { status: 'temporary_failure', reason: 'throttled' }]);
    const caseNo = await accept(p);
    const m = await settled(caseNo, 'delivered');
    expect(m.attempts).toBe(3);
    expect(m.failureReason).toBeUndefined();
    expect(provider.calls.filter((c) => c.messageId === m.id).map((c) => c.attempt)).toEqual([1, 2, 3]);
    // each try had its own attempt id and client reference, recorded before the provider was asked
    expect(new Set(provider.calls.filter((c) => c.messageId === m.id).map((c) => c.clientRef)).size).toBe(3);
    expect(await sentEvents(caseNo)).toHaveLength(1);
  });

  it('never sends again a message whose try may have left (the provider threw), and settles it by a late receipt', async () => {
    const p = aPhone();
    provider.script(p, [new Error('connection reset after the request was written')]);
    const caseNo = await accept(p);
    const m = await settled(caseNo, 'unconfirmed');
    expect(m.attempts).toBe(1);
    expect(m.failureReason).toContain('connection reset');
    await new Promise((r) => setTimeout(r, 300));
    const calls = provider.calls.filter((c) => c.messageId === m.id);
    expect(calls).toHaveLength(1);
    expect(await sentEvents(caseNo)).toEqual([]);
    // the platform's receipt names only our client reference and the phone: still this message's
    expect(await apps[0]?.get(SmsDispatcher).record('scripted', { clientRef: calls[0]?.clientRef ?? '', to: p, status: 'delivered' })).toBe(true);
    expect((await list(caseNo))[0]?.status).toBe('delivered');
    expect(await eventually(async () => ((await sentEvents(caseNo)).length === 1 ? true : null))).toBe(true);
  });

  it('finds the tries a killed process left unanswered, and marks their messages unconfirmed instead of sending them again', async () => {
    const p = aPhone();
    provider.script(p, [{ status: 'sending', providerMessageId: `left-${p}` }]);
    const caseNo = await accept(p);
    const m = await settled(caseNo, 'sending');
    // as if the process had died after committing the attempt and before recording the answer, an hour ago
    const ds = apps[0]?.get(DataSource);
    await ds?.query(`UPDATE message_attempt SET status = 'submitting', started_at = started_at - interval '1 hour' WHERE message_id = $1`, [m.id]);
    const after = await settled(caseNo, 'unconfirmed');
    expect(after.failureReason).toBe('发送过程中断，短信是否发出无法确认');
    expect(provider.calls.filter((c) => c.messageId === m.id)).toHaveLength(1);
  });

  it('holds SMS to a phone that reached its hourly limit, and sends them later', async () => {
    const p = aPhone();
    const cases = [];
    for (let i = 0; i < 4; i++) cases.push(await accept(p));
    const ds = apps[0]?.get(DataSource);
    const rows = await eventually(async () => {
      const r = (await ds?.query(`SELECT status, next_attempt_at FROM message WHERE recipient = $1 ORDER BY sent_at NULLS LAST`, [p])) as { status: string; next_attempt_at: Date | null }[];
      return r.filter((x) => x.status === 'delivered').length === 3 && r.some((x) => x.status === 'created' && x.next_attempt_at) ? r : null;
    }).catch(async (err: unknown) => {
      throw new Error(`${String(err)}: ${JSON.stringify(await ds?.query(`SELECT status, next_attempt_at, sent_at FROM message WHERE recipient = $1`, [p]))}`);
    });
    const held = rows.find((x) => x.status === 'created');
    const clockNow = apps[0]?.get(Clock).now() ?? new Date(0);
    expect((held?.next_attempt_at?.getTime() ?? 0) - clockNow.getTime()).toBeGreaterThan(50 * 60_000);
  });

  it('does not retry a permanent failure, and publishes nothing', async () => {
    const p = aPhone();
    provider.script(p, [{ status: 'permanent_failure', reason: `number ${p} does not exist` }]);
    const caseNo = await accept(p);
    const m = await settled(caseNo, 'permanent_failure');
    expect(m.attempts).toBe(1);
    expect(m.failureReason).toBe(`number ${maskPhone(p)} does not exist`);
    await new Promise((r) => setTimeout(r, 300));
    expect(provider.calls.filter((c) => c.messageId === m.id)).toHaveLength(1);
    expect(await sentEvents(caseNo)).toEqual([]);
  });

  it('gives up after SMS_MAX_ATTEMPTS temporary failures as a technical failure', async () => {
    const p = aPhone();
    provider.script(p, Array.from({ length: 5 }, () => ({ status: 'temporary_failure' as const, reason: 'phone switched off' })));
    const caseNo = await accept(p);
    const m = await settled(caseNo, 'technical_failure');
    expect(m.attempts).toBe(3);
    expect(m.failureReason).toBe('gave up after 3 attempts: phone switched off');
    await new Promise((r) => setTimeout(r, 300));
    expect(provider.calls.filter((c) => c.messageId === m.id)).toHaveLength(3);
  });

  it('keeps an accepted message `sending` until the provider’s receipt, which is applied once', async () => {
    const p = aPhone();
    provider.script(p, [{ status: 'sending', providerMessageId: `receipt-${p}` }]);
    const caseNo = await accept(p);
    await settled(caseNo, 'sending');
    expect(await eventually(async () => ((await sentEvents(caseNo)).length === 1 ? true : null))).toBe(true);
    const dispatcher = apps[0]?.get(SmsDispatcher);
    expect(await dispatcher?.record('scripted', { providerMessageId: `receipt-${p}`, status: 'delivered' })).toBe(true);
    expect((await list(caseNo))[0]?.status).toBe('delivered');
    // a second receipt is recorded on the attempt but changes nothing any more
    await dispatcher?.record('scripted', { providerMessageId: `receipt-${p}`, status: 'permanent_failure', reason: 'late' });
    expect((await list(caseNo))[0]?.status).toBe('delivered');
  });

  it('sends each message once although two instances dispatch', async () => {
    const before = provider.calls.length;
    const cases = await Promise.all(Array.from({ length: 20 }, () => accept(aPhone())));
    const ids = await Promise.all(
      cases.map(async (c) => {
        try {
          return (await settled(c, 'delivered')).id;
        } catch {
          throw new Error(`${c}: ${JSON.stringify(await list(c))}`);
        }
      }),
    );
    const calls = provider.calls.slice(before);
    expect(calls).toHaveLength(20);
    expect(new Set(calls.map((c) => c.messageId))).toEqual(new Set(ids));
  });
});

describe('failover between SMS providers (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let rpc: RpcClient;
  const primary = new ScriptedSmsProvider('primary');
  const secondary = new ScriptedSmsProvider('secondary');
  const list = (caseNo: string) => rpc.request(Rpc.notification.listByCase, { caseNo });
  const delivered = (caseNo: string) =>
    eventually(async () => {
      const [m] = await list(caseNo);
      return m?.status === 'delivered' ? m : null;
    });
  const accept = async (p: string) => {
    const caseNo = aCaseNo();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, p));
    return caseNo;
  };
  const calls = (provider: ScriptedSmsProvider, id: string) => provider.calls.filter((c) => c.messageId === id).length;

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(NotificationEnv, {
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      LOG_LEVEL: 'fatal',
      SMS_POLL_MS: '50',
      SMS_RETRY_BASE_MS: '60000',
      SMS_FAILURE_THRESHOLD: '2',
      SMS_COOL_DOWN_MS: '600000',
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

  it('moves a message the first provider could not take to the next one at once, and skips a failing provider for its cool-down', async () => {
    // the first provider is throttled: the message goes to the second at once (no back-off of a minute)
    const p1 = aPhone();
    primary.script(p1, [{ status: 'temporary_failure', reason: 'ESME_RTHROTTLED' }]);
    const m1 = await delivered(await accept(p1));
    expect(m1.attempts).toBe(2);
    expect([calls(primary, m1.id), calls(secondary, m1.id)]).toEqual([1, 1]);
    // a second failure in a row: the first provider rests
    const p2 = aPhone();
    primary.script(p2, [{ status: 'temporary_failure', reason: 'ESME_RTHROTTLED' }]);
    const m2 = await delivered(await accept(p2));
    expect([calls(primary, m2.id), calls(secondary, m2.id)]).toEqual([1, 1]);
    const health = app.get(SmsDispatcher).health.views();
    expect(health.map((h) => [h.name, h.priority, h.state])).toEqual([
      ['primary', 1, 'cooling_down'],
      ['secondary', 2, 'up'],
    ]);
    expect(health[0]?.lastError).toBe('ESME_RTHROTTLED');
    // while it rests, new messages go straight to the second provider
    const m3 = await delivered(await accept(aPhone()));
    expect([calls(primary, m3.id), calls(secondary, m3.id)]).toEqual([0, 1]);
  });

  it('does not retry a message to an applicant inside quiet hours: the retry waits until 08:00', async () => {
    // 20:59:30 in China (the first provider's cool-down is over): it fails again and rests; the second asks to be
    // tried again in a minute, i.e. at 21:00:30
    app.get(Clock).set(new Date('2026-11-26T12:59:30Z'));
    const p = aPhone();
    primary.script(p, [{ status: 'temporary_failure', reason: 'ESME_RTHROTTLED' }]);
    secondary.script(p, [{ status: 'temporary_failure', reason: 'ESME_RTHROTTLED', retryAfterMs: 60_000 }]);
    const caseNo = await accept(p);
    const ds = app.get(DataSource);
    const [row] = await eventually(async () => {
      const r = (await ds.query(`SELECT status, next_attempt_at FROM message WHERE case_no = $1`, [caseNo])) as { status: string; next_attempt_at: Date }[];
      return r[0]?.status === 'temporary_failure' && r[0].next_attempt_at.getTime() > Date.parse('2026-11-26T13:00:00Z') ? r : null;
    });
    expect(row?.next_attempt_at).toEqual(new Date('2026-11-27T00:00:00Z'));
  });
});
