import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { startWechatStub, type WechatStub } from '@yichuang/testing';
import { CallbackRejected, type OutboundMessage } from '../provider.js';
import { WechatTemplateProvider, type WechatSettings } from './wechat-template-provider.js';

/** an openid as WeChat gives them: `o` + 27 characters */
const anOpenid = () => `o${randomBytes(27).toString('base64url').slice(0, 27)}`;

const attempt = (to: string, over: Partial<OutboundMessage> = {}): OutboundMessage => {
  const attemptId = randomUUID();
  return {
    messageId: randomUUID(),
    attemptId,
    clientRef: attemptId,
    channel: 'wechat',
    to,
    content: '【新县政务服务中心】张三您好，您的办件411523-2026-000001审批结果（建设用地规划许可证）已办结，请到新县政务服务中心统一出件窗口领取。',
    template: 'RESULT_READY',
    params: { name: '张三', caseNo: '411523-2026-000001', documents: '建设用地规划许可证' },
    attempt: 1,
    ...over,
  };
};

describe('WechatTemplateProvider against the local WeChat API', () => {
  let stub: WechatStub;
  const settings = (over: Partial<WechatSettings> = {}): WechatSettings => ({
    WECHAT_API_URL: stub.url,
    WECHAT_APP_ID: stub.appId,
    WECHAT_APP_SECRET: stub.secret,
    WECHAT_TEMPLATE_ID: stub.templateId,
    WECHAT_CALLBACK_TOKEN: stub.callbackToken,
    SMS_SEND_TIMEOUT_MS: 2_000,
    HALL_PHONE: '0376-2962000',
    ...over,
  });

  beforeAll(async () => {
    stub = await startWechatStub();
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('sends a template message to the openid with our client reference; the msgid (beyond 2^53) comes back exactly', async () => {
    const provider = new WechatTemplateProvider(settings());
    const m = attempt(anOpenid());
    const r = await provider.send(m);
    const sent = stub.messages().find((x) => x.clientMsgId === m.clientRef);
    expect(sent).toMatchObject({ touser: m.to, templateId: stub.templateId, requests: 1 });
    expect(sent?.data['keyword1']).toEqual({ value: '411523-2026-000001' });
    expect(sent?.data['keyword3']).toEqual({ value: '领证通知' });
    expect(sent?.data['first']?.value.startsWith('张三您好')).toBe(true);
    expect(r).toEqual({ status: 'sending', providerMessageId: sent?.msgid });
    expect(BigInt(sent?.msgid ?? '0') > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
  });

  it("uses the template's own external code when it has one; a repeat with the same client reference is one message", async () => {
    const provider = new WechatTemplateProvider(settings());
    const m = attempt(anOpenid(), { externalTemplateCode: 'TPL-own' });
    const first = await provider.send(m);
    expect(await provider.send({ ...m, attempt: 2 })).toEqual(first);
    const sent = stub.messages().filter((x) => x.clientMsgId === m.clientRef);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ templateId: 'TPL-own', requests: 2 });
  });

  it('caches the access_token, and fetches a new one once when WeChat says it is invalid (40001) or expired (42001)', async () => {
    const provider = new WechatTemplateProvider(settings());
    const before = stub.tokensIssued();
    await provider.send(attempt(anOpenid()));
    await provider.send(attempt(anOpenid()));
    expect(stub.tokensIssued()).toBe(before + 1);

    stub.invalidateTokens();
    const m = attempt(anOpenid());
    expect((await provider.send(m)).status).toBe('sending');
    expect(stub.tokensIssued()).toBe(before + 2);
    expect(stub.requests.filter((r) => r.errcode === 40001)).toHaveLength(1);
    expect(stub.messages().filter((x) => x.clientMsgId === m.clientRef)).toHaveLength(1);

    stub.expireTokens();
    expect((await provider.send(attempt(anOpenid()))).status).toBe('sending');
    expect(stub.tokensIssued()).toBe(before + 3);
  });

  it('a wrong secret: no token, temporary (nothing sent), and the probe says no', async () => {
    const provider = new WechatTemplateProvider(settings({ WECHAT_APP_SECRET: 'not-the-secret' }));
    expect(await provider.send(attempt(anOpenid()))).toMatchObject({ status: 'temporary_failure', reason: expect.stringContaining('errcode 40125') });
    expect(await provider.probe()).toBe(false);
    expect(await new WechatTemplateProvider(settings()).probe()).toBe(true);
  });

  it('an unsubscribed user (43004) or an invalid openid (40003): permanent', async () => {
    const provider = new WechatTemplateProvider(settings());
    const gone = anOpenid();
    stub.unsubscribe(gone);
    expect(await provider.send(attempt(gone))).toMatchObject({ status: 'permanent_failure', reason: expect.stringMatching(/^errcode 43004/) });
    expect(await provider.send(attempt('not-an-openid'))).toMatchObject({ status: 'permanent_failure', reason: expect.stringMatching(/^errcode 40003/) });
  });

  it('the daily quota (45009), system busy (-1), HTTP 5xx: temporary', async () => {
    const provider = new WechatTemplateProvider(settings());
    await provider.probe();
    stub.refuseNext(1, 45009);
    expect(await provider.send(attempt(anOpenid()))).toMatchObject({ status: 'temporary_failure', retryAfterMs: 3_600_000 });
    stub.refuseNext(1, -1);
    expect(await provider.send(attempt(anOpenid()))).toMatchObject({ status: 'temporary_failure', retryAfterMs: 5_000 });
    stub.failNext(1, 502);
    expect(await provider.send(attempt(anOpenid()))).toMatchObject({ status: 'temporary_failure', reason: 'HTTP 502' });
  });

  it('no answer within the timeout: unknown', async () => {
    const provider = new WechatTemplateProvider(settings({ SMS_SEND_TIMEOUT_MS: 300 }));
    await provider.probe();
    const release = stub.holdAnswers();
    const m = attempt(anOpenid());
    try {
      expect(await provider.send(m)).toMatchObject({ status: 'unknown' });
    } finally {
      release();
    }
    expect(stub.messages().filter((x) => x.clientMsgId === m.clientRef)).toHaveLength(1);
  });

  describe('TEMPLATESENDJOBFINISH pushes', () => {
    it('success → delivered, user block → permanent, system failed → temporary; answers success', async () => {
      const provider = new WechatTemplateProvider(settings());
      const m = attempt(anOpenid());
      await provider.send(m);
      const sent = stub.messages().find((x) => x.clientMsgId === m.clientRef);
      if (!sent) throw new Error('not sent');
      const ok = await provider.handleCallback(stub.signedPush(stub.jobFinished(sent)));
      expect(ok).toMatchObject({ status: 200, body: 'success', receipts: [{ providerMessageId: sent.msgid, status: 'delivered', to: m.to }] });
      expect((await provider.handleCallback(stub.signedPush(stub.jobFinished(sent, 'failed:user block')))).receipts[0]).toMatchObject({ status: 'permanent_failure', reason: 'failed:user block' });
      expect((await provider.handleCallback(stub.signedPush(stub.jobFinished(sent, 'failed: system failed')))).receipts[0]).toMatchObject({ status: 'temporary_failure' });
    });

    it('other events: no receipt, still success; the URL check answers the echostr', async () => {
      const provider = new WechatTemplateProvider(settings());
      const subscribe = '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oX]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event></xml>';
      expect(await provider.handleCallback(stub.signedPush(subscribe))).toEqual({ receipts: [], status: 200, body: 'success' });
      const check = stub.signedPush('');
      expect(await provider.handleCallback({ headers: { ...check.headers, 'x-wechat-echostr': '7385920934' }, rawBody: '' })).toEqual({ receipts: [], status: 200, body: '7385920934' });
    });

    it('a bad or stale signature, a reused nonce with another body, or no callback token: rejected; the same push repeated passes', async () => {
      const provider = new WechatTemplateProvider(settings());
      const m = attempt(anOpenid());
      await provider.send(m);
      const sent = stub.messages().find((x) => x.clientMsgId === m.clientRef);
      if (!sent) throw new Error('not sent');
      const xml = stub.jobFinished(sent);
      await expect(provider.handleCallback(stub.signedPush(xml, { token: 'forged' }))).rejects.toThrow(new CallbackRejected('bad signature'));
      await expect(provider.handleCallback(stub.signedPush(xml, { timestampMs: 1_000_000_000_000 }))).rejects.toThrow('the timestamp is more than 300 s away');
      const push = stub.signedPush(xml);
      expect((await provider.handleCallback(push)).receipts).toHaveLength(1);
      expect((await provider.handleCallback(push)).receipts).toHaveLength(1);
      await expect(provider.handleCallback({ ...push, rawBody: stub.jobFinished(sent, 'failed:user block') })).rejects.toThrow('replayed nonce');
      await expect(new WechatTemplateProvider(settings({ WECHAT_CALLBACK_TOKEN: undefined })).handleCallback(push)).rejects.toThrow('WECHAT_CALLBACK_TOKEN is not configured');
    });
  });
});
