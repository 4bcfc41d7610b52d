import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { AppError, Events, Rpc, type CertificatesIssuedV1, type NotificationView, type StaffContact } from '@yichuang/contracts';
import { maskPhone } from '@yichuang/domain';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import {
  aPhone,
  eventually,
  fakeRpcService,
  publishTestEvent,
  readEvents,
  serviceClockAt,
  startTestInfra,
  startWechatStub,
  TEST_INSTANT,
  testRpcClient,
  type TestInfra,
  type WechatStub,
} from '@yichuang/testing';
import { NotificationEnv } from './config.js';
import { NotificationModule } from './app.module.js';
import { DevSmsProvider } from './providers/dev-provider.js';
import { WechatTemplateProvider } from './providers/wechat/wechat-template-provider.js';
import { caseAcceptedEvent } from './test-fixtures.js';

let seq = 0;
const aCaseNo = () => `411523-2026-${String(++seq).padStart(6, '0')}-${process.pid}`;
/** an openid as WeChat gives them: `o` + 27 characters */
const anOpenid = () => `o${randomBytes(27).toString('base64url').slice(0, 27)}`;

const caseAccepted = (caseNo: string, phone: string) => caseAcceptedEvent(caseNo, phone, { itemCodes: ['ZRZY-002'] });

function certificatesIssued(caseNo: string): CertificatesIssuedV1 {
  return {
    caseNo,
    certificates: [{ id: `c-${caseNo}`, no: '地字第411523202600001号', type: 'YDGH', typeName: '建设用地规划许可证', itemCode: 'ZRZY-002', verifyCode: 'ABCD2345' }],
    issuedAt: '2026-12-01T08:00:00.000Z',
  };
}

/** Capture what the service writes to stdout/stderr (the JSON logger), without printing it. */
function captureOutput(): { text: () => string; restore: () => void } {
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
    text: () => chunks.join(''),
    restore: () => {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

describe('the WeChat channel end to end: binding, SMS + WeChat messages, receipts (real PostgreSQL + NATS, local WeChat API)', () => {
  let infra: TestInfra;
  let stub: WechatStub;
  let app: INestMicroservice;
  let rpc: RpcClient;
  let db: DataSource;
  let output: ReturnType<typeof captureOutput>;
  const openids: string[] = [];
  const openid = () => {
    const o = anOpenid();
    openids.push(o);
    return o;
  };
  const list = (caseNo: string) => rpc.request(Rpc.notification.listByCase, { caseNo });
  const until = async (caseNo: string, ok: (l: NotificationView[]) => boolean) => {
    let last: NotificationView[] = [];
    try {
      return await eventually(async () => {
        last = await list(caseNo);
        return ok(last) ? last : null;
      });
    } catch (err) {
      throw new Error(`${(err as Error).message}; the messages: ${JSON.stringify(last.map((m) => [m.channel, m.template, m.status, m.failureReason, m.heldUntil]))}`);
    }
  };
  /** a case accepted, its CASE_ACCEPTED SMS delivered */
  const acceptedCase = async () => {
    const caseNo = aCaseNo();
    const phone = aPhone();
    await publishTestEvent(infra.natsUrl, Events.caseAccepted, caseAccepted(caseNo, phone));
    await until(caseNo, (l) => l.length === 1 && l[0]?.status === 'delivered');
    return { caseNo, phone };
  };
  const refusal = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError);

  beforeAll(async () => {
    infra = await startTestInfra();
    stub = await startWechatStub();
    output = captureOutput();
    const env = loadEnv(NotificationEnv, {
      DATABASE_URL: infra.databaseUrl,
      NATS_URL: infra.natsUrl,
      LOG_LEVEL: 'log',
      SMS_POLL_MS: '100',
      WECHAT_API_URL: stub.url,
      WECHAT_APP_ID: stub.appId,
      WECHAT_APP_SECRET: stub.secret,
      WECHAT_TEMPLATE_ID: stub.templateId,
      WECHAT_CALLBACK_TOKEN: stub.callbackToken,
      ...serviceClockAt(TEST_INSTANT),
    });
    app = await runService('notification', env, NotificationModule.forRoot(env, { providers: [new DevSmsProvider(), new WechatTemplateProvider(env)] }));
    rpc = testRpcClient(infra.natsUrl);
    db = await new DataSource({ type: 'postgres', url: infra.databaseUrl }).initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await rpc?.onApplicationShutdown();
    await app?.close();
    output?.restore();
    await stub?.close();
    await infra?.stop();
  });

  it('binds a case to an openid with the phone’s last four digits (idempotent); a wrong number or an unknown case is NOT_FOUND, like the inquiry', async () => {
    const { caseNo, phone } = await acceptedCase();
    const o = openid();
    const wrong = await refusal(rpc.request(Rpc.notification.wechatBind, { caseNo, openId: o, phoneLast4: phone.endsWith('0000') ? '1111' : '0000' }));
    expect(wrong).toBeInstanceOf(AppError);
    expect(wrong?.code).toBe('NOT_FOUND');
    const unknown = await refusal(rpc.request(Rpc.notification.wechatBind, { caseNo: 'NO-SUCH-CASE', openId: o, phoneLast4: phone.slice(-4) }));
    expect(unknown?.code).toBe('NOT_FOUND');
    expect(unknown?.message).toBe(wrong?.message);
    const bad = await refusal(rpc.request(Rpc.notification.wechatBind, { caseNo, openId: 'o!', phoneLast4: '12a4' }));
    expect(bad?.code).toBe('VALIDATION_FAILED');
    expect(bad?.details.map((d) => d.field).sort()).toEqual(['openId', 'phoneLast4']);
    const [r] = (await db.query(`SELECT wechat_open_id FROM notification.recipient WHERE case_no = $1`, [caseNo])) as { wechat_open_id: string | null }[];
    expect(r?.wechat_open_id).toBeNull();

    const bound = await rpc.request(Rpc.notification.wechatBind, { caseNo, openId: o, phoneLast4: phone.slice(-4) });
    expect(bound).toEqual({ caseNo, channel: 'wechat', bound: true, boundAt: expect.any(String) });
    expect(await rpc.request(Rpc.notification.wechatBind, { caseNo, openId: o, phoneLast4: phone.slice(-4) })).toEqual(bound);
  });

  it('sends a result notice by SMS and by WeChat template message; the push receipt delivers the WeChat one; the view masks the openid; redelivery adds nothing', async () => {
    const { caseNo, phone } = await acceptedCase();
    const o = openid();
    await rpc.request(Rpc.notification.wechatBind, { caseNo, openId: o, phoneLast4: phone.slice(-4) });
    const issued = await publishTestEvent(infra.natsUrl, Events.certificatesIssued, certificatesIssued(caseNo));
    const l = await until(caseNo, (x) => x.length === 3 && x.every((m) => m.status === 'delivered' || m.status === 'sending'));
    const sms = l.filter((m) => m.template === 'RESULT_READY' && m.channel === 'sms');
    const wechat = l.filter((m) => m.channel === 'wechat');
    expect(sms).toHaveLength(1);
    expect(wechat).toHaveLength(1);
    expect(sms[0]).toMatchObject({ status: 'delivered', recipient: maskPhone(phone) });
    expect(wechat[0]).toMatchObject({ template: 'RESULT_READY', status: 'sending', recipient: `${o.slice(0, 4)}****`, content: sms[0]?.content, templateVersion: 0 });
    expect(JSON.stringify(l)).not.toContain(o);
    // the CASE_ACCEPTED SMS came before the binding: no WeChat message for it
    expect(l.filter((m) => m.template === 'CASE_ACCEPTED').map((m) => m.channel)).toEqual(['sms']);

    // the local WeChat API got exactly one template message for the openid, with our attempt's client reference
    const [attempt] = (await db.query(`SELECT client_ref, provider FROM notification.message_attempt WHERE message_id = $1`, [wechat[0]?.id])) as { client_ref: string; provider: string }[];
    expect(attempt?.provider).toBe('wechat');
    const sent = stub.messages().filter((m) => m.touser === o);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ clientMsgId: attempt?.client_ref, templateId: stub.templateId, requests: 1 });
    expect(sent[0]?.data['keyword1']).toEqual({ value: caseNo });
    expect(sent[0]?.data['keyword3']).toEqual({ value: '领证通知' });
    const [row] = (await db.query(`SELECT dedupe_key, params FROM notification.message WHERE id = $1`, [wechat[0]?.id])) as { dedupe_key: string; params: Record<string, string> }[];
    expect(row?.dedupe_key).toBe(`${caseNo}:RESULT_READY:c-${caseNo}:wechat`);
    expect(row?.params['caseNo']).toBe(caseNo);

    // WeChat's TEMPLATESENDJOBFINISH push, through the callbacks RPC (as the gateway passes it on)
    const job = sent[0];
    if (!job) throw new Error('no template message');
    const push = stub.signedPush(stub.jobFinished(job));
    expect(await rpc.request(Rpc.notification.providerCallback, { provider: 'wechat', headers: push.headers, rawBody: push.rawBody })).toEqual({ status: 200, body: 'success' });
    const after = await until(caseNo, (x) => x.find((m) => m.channel === 'wechat')?.status === 'delivered');
    expect(after.find((m) => m.channel === 'wechat')?.sentAt).toBeDefined();

    // message.sent names the channel of each
    const events = await eventually(async () => {
      const e = (await readEvents(infra.natsUrl, Events.messageSent)).filter((x) => x.data.caseNo === caseNo && x.data.template === 'RESULT_READY');
      return e.length === 2 ? e : null;
    });
    expect(events.map((e) => e.data.channel).sort()).toEqual(['sms', 'wechat']);

    // the same event redelivered, and a distinct event for the same certificates: nothing more
    await publishTestEvent(infra.natsUrl, Events.certificatesIssued, issued.data, { id: issued.id, msgId: `${issued.id}-again` });
    await publishTestEvent(infra.natsUrl, Events.certificatesIssued, certificatesIssued(caseNo));
    await acceptedCase(); // settles: what was published before it has been handled
    expect(await list(caseNo)).toHaveLength(3);
    expect(stub.messages().filter((m) => m.touser === o)).toHaveLength(1);
  });

  it('another openid replaces the first; after an unbind only SMS goes; staff messages never go to WeChat', async () => {
    const { caseNo, phone } = await acceptedCase();
    const first = openid();
    const second = openid();
    await rpc.request(Rpc.notification.wechatBind, { caseNo, openId: first, phoneLast4: phone.slice(-4) });
    await rpc.request(Rpc.notification.wechatBind, { caseNo, openId: second, phoneLast4: phone.slice(-4) });
    await publishTestEvent(infra.natsUrl, Events.certificatesIssued, certificatesIssued(caseNo));
    const l = await until(caseNo, (x) => x.length === 3 && x.every((m) => m.status !== 'created'));
    expect(l.find((m) => m.channel === 'wechat')?.recipient).toBe(`${second.slice(0, 4)}****`);
    await eventually(async () => stub.messages().some((m) => m.touser === second));
    expect(stub.messages().filter((m) => m.touser === first)).toHaveLength(0);

    // only the bound openid can unbind
    expect((await refusal(rpc.request(Rpc.notification.wechatUnbind, { caseNo, openId: first })))?.code).toBe('NOT_FOUND');
    expect(await rpc.request(Rpc.notification.wechatUnbind, { caseNo, openId: second })).toEqual({ caseNo, channel: 'wechat', bound: false });
    expect((await refusal(rpc.request(Rpc.notification.wechatUnbind, { caseNo, openId: second })))?.code).toBe('NOT_FOUND');
    await publishTestEvent(infra.natsUrl, Events.pickupReminderDue, { caseNo, documents: ['建设用地规划许可证'], waitingWorkingDays: 5, since: '2026-12-01', remindedAt: '2026-12-08T01:00:00.000Z' });
    const reminded = await until(caseNo, (x) => x.some((m) => m.template === 'PICKUP_REMINDER'));
    expect(reminded.filter((m) => m.template === 'PICKUP_REMINDER').map((m) => m.channel)).toEqual(['sms']);

    // a staff alarm on a case whose applicant is bound: SMS to staff only
    await rpc.request(Rpc.notification.wechatBind, { caseNo, openId: second, phoneLast4: phone.slice(-4) });
    const staff: StaffContact[] = [{ username: 'zrzy1', displayName: '李志强', phone: aPhone(), roles: ['reviewer'] }];
    const nc = await connect({ servers: infra.natsUrl });
    fakeRpcService(nc, Rpc.admin.staffContacts, () => staff, 'admin');
    try {
      const alarm = { alarmId: `alarm-${caseNo}`, taskId: 't-2', caseNo, departmentCode: 'ZRZY', level: 'yellow' as const, dueDate: '2026-12-10', remainingWorkingDays: 1, raisedAt: '2026-12-08T01:00:00.000Z' };
      await publishTestEvent(infra.natsUrl, Events.taskAlarmRaised, alarm);
      const byRef = await eventually(async () => {
        const x = await rpc.request(Rpc.notification.listByRef, { ref: alarm.alarmId });
        return x.length > 0 ? x : null;
      });
      expect(byRef.map((m) => m.channel)).toEqual(['sms']);
    } finally {
      await nc.close();
    }
  });

  it('never logs an openid unmasked', () => {
    const text = output.text();
    expect(text).toContain(`${openids[0]?.slice(0, 4)}****`);
    for (const o of openids) expect(text).not.toContain(o);
  });
});
