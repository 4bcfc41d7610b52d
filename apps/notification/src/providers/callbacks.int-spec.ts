import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Module, type INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError, Rpc, type ProviderCallbackRequest } from '@yichuang/contracts';
import { loadEnv, runService, startNatsServer, type RpcClient } from '@yichuang/platform';
import { aPhone, startSmsHttpStub, startWechatStub, testRpcClient, type SmsHttpStub, type WechatStub } from '@yichuang/testing';
import { NotificationEnv } from '../config.js';
import { ProviderCallbacksController } from './callbacks.nats.js';
import { HttpSmsProvider } from './http/http-sms-provider.js';
import type { InboundReceipt, InboundReply, MessageProvider, OutboundMessage } from './provider.js';
import { MESSAGE_PROVIDERS, ReceiptRecorder } from './registry-tokens.js';
import { WechatTemplateProvider } from './wechat/wechat-template-provider.js';

/** Records receipts in memory; matches those whose client reference or provider id was handed out by a send here. */
class MemoryRecorder extends ReceiptRecorder {
  readonly recorded: { provider: string; receipt: InboundReceipt }[] = [];
  readonly known = new Set<string>();
  readonly replies: { provider: string; reply: InboundReply }[] = [];
  async record(provider: string, receipt: InboundReceipt): Promise<boolean> {
    this.recorded.push({ provider, receipt });
    return this.known.has(receipt.clientRef ?? '') || this.known.has(receipt.providerMessageId ?? '');
  }
  async recordReply(provider: string, reply: InboundReply): Promise<void> {
    this.replies.push({ provider, reply });
  }
}

const attempt = (channel: 'sms' | 'wechat', to: string): OutboundMessage => {
  const attemptId = randomUUID();
  return { messageId: randomUUID(), attemptId, clientRef: attemptId, channel, to, content: '【新县政务服务中心】您的办件已受理。', template: 'CASE_ACCEPTED', params: { caseNo: '411523-2026-000001' }, attempt: 1 };
};

describe('provider callbacks over NATS (yc.rpc.notification.provider-callback.v1)', () => {
  let nats: { url: string; stop: () => Promise<void> };
  let app: INestMicroservice;
  let rpc: RpcClient;
  let sms: SmsHttpStub;
  let wechat: WechatStub;
  let http: HttpSmsProvider;
  let wx: WechatTemplateProvider;
  const recorder = new MemoryRecorder();
  const failure = async (p: Promise<unknown>): Promise<AppError> => {
    try {
      await p;
    } catch (err) {
      return err as AppError;
    }
    throw new Error('expected a failure');
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    sms = await startSmsHttpStub();
    wechat = await startWechatStub();
    const env = loadEnv(NotificationEnv, {
      DATABASE_URL: 'postgres://unused@127.0.0.1:1/unused',
      NATS_URL: nats.url,
      LOG_LEVEL: 'warn',
      SMS_HTTP_URL: sms.url,
      SMS_HTTP_ACCESS_KEY_ID: sms.accessKeyId,
      SMS_HTTP_ACCESS_KEY_SECRET: sms.secret,
      WECHAT_API_URL: wechat.url,
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.secret,
      WECHAT_TEMPLATE_ID: wechat.templateId,
      WECHAT_CALLBACK_TOKEN: wechat.callbackToken,
    });
    http = new HttpSmsProvider(env);
    wx = new WechatTemplateProvider(env);
    const dev: MessageProvider = { name: 'dev', channel: 'sms', reference: (id: string) => id, start: async () => undefined, stop: async () => undefined, probe: async () => true, send: async () => ({ status: 'delivered', providerMessageId: 'x' }) };
    @Module({
      controllers: [ProviderCallbacksController],
      providers: [
        { provide: MESSAGE_PROVIDERS, useValue: [dev, http, wx] },
        { provide: ReceiptRecorder, useValue: recorder },
      ],
    })
    class CallbacksTestModule {}
    app = await runService('notification', env, CallbacksTestModule);
    rpc = testRpcClient(nats.url);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await app?.close();
    await sms?.close();
    await wechat?.close();
    await nats?.stop();
  });

  const smsCallback = async (outcomes: { success: boolean; errCode?: string; errMsg?: string }[]): Promise<ProviderCallbackRequest> => {
    const receipts = [];
    for (const o of outcomes) {
      const m = attempt('sms', aPhone());
      await http.send(m);
      recorder.known.add(m.clientRef);
      const sent = sms.sms().find((s) => s.outId === m.clientRef);
      if (!sent) throw new Error('not sent');
      receipts.push(sms.receiptFor(sent, o));
    }
    return { provider: 'http', ...sms.signedCallback(receipts) };
  };

  it('an SMS platform push: each receipt recorded under the provider, the platform gets its answer', async () => {
    const req = await smsCallback([{ success: true }, { success: false, errCode: 'MN:0001', errMsg: '空号' }]);
    const before = recorder.recorded.length;
    expect(await rpc.request(Rpc.notification.providerCallback, req)).toEqual({ status: 200, body: { code: 0, msg: '成功' } });
    const now = recorder.recorded.slice(before);
    expect(now.map((r) => [r.provider, r.receipt.status])).toEqual([
      ['http', 'delivered'],
      ['http', 'permanent_failure'],
    ]);
    expect(now[1]?.receipt.reason).toBe('MN:0001 空号');
  });

  it('an SMS platform push of replies (上行短信): each recorded with its sender, text and time beside the receipts', async () => {
    const phone = aPhone();
    const receiptReq = await smsCallback([{ success: true }]);
    const items = [
      ...(JSON.parse(receiptReq.rawBody) as unknown[]),
      { phone_number: phone, content: ' 5 ', send_time: '2026-11-26 10:05:00', sequence_id: 1234567, dest_code: '1069' },
      { content: '没有号码' },
    ];
    const req = { provider: 'http', ...sms.signedCallback(items as never) };
    const before = { receipts: recorder.recorded.length, replies: recorder.replies.length };
    expect(await rpc.request(Rpc.notification.providerCallback, req)).toEqual({ status: 200, body: { code: 0, msg: '成功' } });
    expect(recorder.recorded.slice(before.receipts).map((r) => r.receipt.status)).toEqual(['delivered']);
    expect(recorder.replies.slice(before.replies)).toEqual([{ provider: 'http', reply: { from: phone, text: '5', at: new Date('2026-11-26T02:05:00.000Z') } }]);
  });

  it('a WeChat push: the receipt recorded, `success` answered', async () => {
    const m = attempt('wechat', `o${'A'.repeat(27)}`);
    await wx.send(m);
    const sent = wechat.messages().find((x) => x.clientMsgId === m.clientRef);
    if (!sent) throw new Error('not sent');
    const before = recorder.recorded.length;
    const { headers, rawBody } = wechat.signedPush(wechat.jobFinished(sent));
    const reply = await rpc.request(Rpc.notification.providerCallback, { provider: 'wechat', headers, rawBody });
    expect(reply).toEqual({ status: 200, body: 'success' });
    expect(recorder.recorded.slice(before)).toEqual([{ provider: 'wechat', receipt: expect.objectContaining({ providerMessageId: sent.msgid, status: 'delivered' }) }]);
  });

  it('a bad signature, a stale timestamp or a replayed nonce: UNAUTHORIZED with the reason, nothing recorded', async () => {
    const good = await smsCallback([{ success: true }]);
    const before = recorder.recorded.length;
    const forged = { ...good, rawBody: good.rawBody.replace('true', 'false') };
    const e = await failure(rpc.request(Rpc.notification.providerCallback, forged));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ code: 'UNAUTHORIZED', message: 'the callback was rejected: bad signature' });
    expect((await failure(rpc.request(Rpc.notification.providerCallback, { provider: 'http', ...sms.signedCallback([], { timestampMs: 1_000_000_000_000 }) }))).code).toBe('UNAUTHORIZED');
    await rpc.request(Rpc.notification.providerCallback, good);
    expect((await failure(rpc.request(Rpc.notification.providerCallback, good))).message).toBe('the callback was rejected: replayed nonce');
    expect(recorder.recorded.length).toBe(before + 1);
  });

  it('an unknown provider, or one that takes no callbacks: NOT_FOUND; a malformed request: VALIDATION_FAILED', async () => {
    expect((await failure(rpc.request(Rpc.notification.providerCallback, { provider: 'smpp', headers: {}, rawBody: '' }))).code).toBe('NOT_FOUND');
    expect((await failure(rpc.request(Rpc.notification.providerCallback, { provider: 'dev', headers: {}, rawBody: '' }))).code).toBe('NOT_FOUND');
    expect((await failure(rpc.request(Rpc.notification.providerCallback, { provider: 'Bad Name', headers: {}, rawBody: '' }))).code).toBe('VALIDATION_FAILED');
  });
});
