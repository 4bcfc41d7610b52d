import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { aPhone, startSmsHttpStub, type SmsHttpStub } from '@yichuang/testing';
import { CallbackRejected, type OutboundMessage } from '../provider.js';
import { HttpSmsProvider, type HttpSmsSettings } from './http-sms-provider.js';

const attempt = (to: string, over: Partial<OutboundMessage> = {}): OutboundMessage => {
  const attemptId = randomUUID();
  return {
    messageId: randomUUID(),
    attemptId,
    clientRef: attemptId,
    channel: 'sms',
    to,
    content: '【新县政务服务中心】张三您好，您申请的“城北安置小区”2个事项已于2026年11月26日受理，办件编号411523-2026-000001。',
    template: 'CASE_ACCEPTED',
    externalTemplateCode: 'SMS_153055065',
    params: { name: '张三', project: '城北安置小区', items: '2', date: '2026年11月26日', caseNo: '411523-2026-000001' },
    attempt: 1,
    ...over,
  };
};

describe('HttpSmsProvider against the local SMS platform', () => {
  let stub: SmsHttpStub;
  let provider: HttpSmsProvider;
  const settings = (over: Partial<HttpSmsSettings> = {}): HttpSmsSettings => ({
    SMS_HTTP_URL: stub.url,
    SMS_HTTP_ACCESS_KEY_ID: stub.accessKeyId,
    SMS_HTTP_ACCESS_KEY_SECRET: stub.secret,
    SMS_SIGNATURE: stub.signName,
    SMS_SEND_TIMEOUT_MS: 2_000,
    ...over,
  });

  beforeAll(async () => {
    stub = await startSmsHttpStub();
    provider = new HttpSmsProvider(settings());
  });
  afterAll(async () => {
    await stub?.close();
  });

  it('sends a Chinese SMS: the platform gets the template code, its parameters and our client reference, and a BizId comes back', async () => {
    const m = attempt(aPhone());
    const r = await provider.send(m);
    const sms = stub.sms().find((s) => s.outId === m.clientRef);
    expect(sms).toMatchObject({ phone: m.to, signName: '新县政务服务中心', templateCode: 'SMS_153055065', params: m.params, requests: 1 });
    expect(r).toEqual({ status: 'sending', providerMessageId: sms?.bizId });
  });

  it('a repeat with the same client reference is the same SMS at the platform', async () => {
    const m = attempt(aPhone(), { externalTemplateCode: undefined });
    const first = await provider.send(m);
    const again = await provider.send({ ...m, attempt: 2 });
    expect(again).toEqual(first);
    const sent = stub.sms().filter((s) => s.outId === m.clientRef);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ templateCode: 'CASE_ACCEPTED', requests: 2 });
  });

  it('throttled (by code or HTTP 429): temporary with a wait, and nothing sent', async () => {
    const m = attempt(aPhone());
    stub.throttleNext(1);
    expect(await provider.send(m)).toMatchObject({ status: 'temporary_failure', reason: expect.stringContaining('isv.BUSINESS_LIMIT_CONTROL'), retryAfterMs: 60_000 });
    stub.throttleNext(1, 429);
    expect(await provider.send(m)).toMatchObject({ status: 'temporary_failure', retryAfterMs: 1_000 });
    expect(stub.sms().filter((s) => s.outId === m.clientRef)).toHaveLength(0);
    expect((await provider.send(m)).status).toBe('sending');
  });

  it('a blocked or invalid number: permanent, naming the code', async () => {
    const blocked = aPhone();
    stub.block(blocked);
    expect(await provider.send(attempt(blocked))).toMatchObject({ status: 'permanent_failure', reason: expect.stringMatching(/^isv\.BLACK_KEY_CONTROL_LIMIT/) });
    expect(await provider.send(attempt('12345'))).toMatchObject({ status: 'permanent_failure', reason: expect.stringMatching(/^isv\.MOBILE_NUMBER_ILLEGAL/) });
  });

  it('a wrong signature name or secret: the platform refuses (permanent for the signature, temporary for our key)', async () => {
    const wrongSign = new HttpSmsProvider(settings({ SMS_HTTP_SIGN_NAME: '别的签名' }));
    expect(await wrongSign.send(attempt(aPhone()))).toMatchObject({ status: 'permanent_failure', reason: expect.stringMatching(/^isv\.SMS_SIGNATURE_ILLEGAL/) });
    const wrongSecret = new HttpSmsProvider(settings({ SMS_HTTP_ACCESS_KEY_SECRET: 'not-the-secret' }));
    expect(await wrongSecret.send(attempt(aPhone()))).toMatchObject({ status: 'temporary_failure', reason: expect.stringMatching(/^SignatureDoesNotMatch/) });
  });

  it('HTTP 5xx: temporary', async () => {
    stub.failNext(1, 503);
    expect(await provider.send(attempt(aPhone()))).toMatchObject({ status: 'temporary_failure', reason: expect.stringContaining('HTTP 503') });
  });

  it('no answer within SMS_SEND_TIMEOUT_MS: unknown (the platform has the SMS)', async () => {
    const impatient = new HttpSmsProvider(settings({ SMS_SEND_TIMEOUT_MS: 200 }));
    const release = stub.holdAnswers();
    const m = attempt(aPhone());
    try {
      expect(await impatient.send(m)).toMatchObject({ status: 'unknown', reason: 'no answer within 200 ms' });
    } finally {
      release();
    }
    expect(stub.sms().filter((s) => s.outId === m.clientRef)).toHaveLength(1);
  });

  it('the connection dropped after the request arrived: unknown', async () => {
    stub.dropNext(1);
    expect(await provider.send(attempt(aPhone()))).toMatchObject({ status: 'unknown', reason: expect.stringContaining('connection was lost') });
  });

  it('nothing listening: temporary (nothing left), and the probe says no', async () => {
    const closed = await freePortUrl();
    const nowhere = new HttpSmsProvider(settings({ SMS_HTTP_URL: closed }));
    expect(await nowhere.send(attempt(aPhone()))).toMatchObject({ status: 'temporary_failure', reason: 'no connection to the platform (ECONNREFUSED)' });
    expect(await nowhere.probe()).toBe(false);
    expect(await provider.probe()).toBe(true);
  });

  describe('receipt callbacks', () => {
    it('a genuine push gives its receipts and the answer the platform expects', async () => {
      const ok = attempt(aPhone());
      const bad = attempt(aPhone());
      await provider.send(ok);
      await provider.send(bad);
      const [s1, s2] = [stub.sms().find((s) => s.outId === ok.clientRef), stub.sms().find((s) => s.outId === bad.clientRef)];
      if (!s1 || !s2) throw new Error('not sent');
      const result = await provider.handleCallback(stub.signedCallback([stub.receiptFor(s1), stub.receiptFor(s2, { success: false, errCode: 'MN:0001', errMsg: '空号' })]));
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ code: 0, msg: '成功' });
      expect(result.receipts).toEqual([
        { status: 'delivered', providerMessageId: s1.bizId, clientRef: ok.clientRef, to: ok.to, at: new Date('2026-11-26T02:00:05Z') },
        { status: 'permanent_failure', providerMessageId: s2.bizId, clientRef: bad.clientRef, to: bad.to, at: new Date('2026-11-26T02:00:05Z'), reason: 'MN:0001 空号' },
      ]);
    });

    it('a bad signature, another secret, a changed body, a stale timestamp or a replayed nonce is rejected', async () => {
      const m = attempt(aPhone());
      await provider.send(m);
      const sms = stub.sms().find((s) => s.outId === m.clientRef);
      if (!sms) throw new Error('not sent');
      const receipts = [stub.receiptFor(sms)];
      await expect(provider.handleCallback(stub.signedCallback(receipts, { secret: 'forged' }))).rejects.toThrow(new CallbackRejected('bad signature'));
      await expect(provider.handleCallback(stub.signedCallback(receipts, { body: JSON.stringify([{ ...receipts[0], success: false }]) }))).rejects.toThrow('bad signature');
      await expect(provider.handleCallback(stub.signedCallback(receipts, { timestampMs: 1_000_000_000_000 }))).rejects.toThrow('the timestamp is more than 300 s away');
      const { rawBody } = stub.signedCallback(receipts);
      await expect(provider.handleCallback({ headers: { 'content-type': 'application/json' }, rawBody })).rejects.toThrow(/^not signed/);
      const genuine = stub.signedCallback(receipts);
      expect((await provider.handleCallback(genuine)).receipts).toHaveLength(1);
      await expect(provider.handleCallback(genuine)).rejects.toThrow('replayed nonce');
    });
  });
});

/** A URL where nothing listens (a port taken and released). */
async function freePortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/sms/send`;
}
