import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { AppError } from '@yichuang/contracts';
import { signedHeaders } from '@yichuang/platform';
import type { OutboundMessage } from '../provider.js';
import { callbackProblem, receiptsOf, retryAfterMs, sendBody, sendResultOf } from './http-sms-protocol.js';

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 'm1',
  attemptId: 'a1',
  clientRef: 'a1',
  channel: 'sms',
  to: '13812345678',
  content: '【新县政务服务中心】张三您好，您的办件已受理。',
  template: 'CASE_ACCEPTED',
  params: { name: '张三', caseNo: '411523-2026-000001' },
  attempt: 1,
  ...over,
});

const NOW = 1_795_000_000_000;
const account = { accessKeyId: 'LTAI-test', secret: 'the-secret' };

describe('HTTP SMS platform: the send request', () => {
  it('carries the number, signature name, our template code, its parameters as a JSON string and our client reference', () => {
    expect(sendBody(message(), '新县政务服务中心')).toEqual({
      PhoneNumbers: '13812345678',
      SignName: '新县政务服务中心',
      TemplateCode: 'CASE_ACCEPTED',
      TemplateParam: '{"name":"张三","caseNo":"411523-2026-000001"}',
      OutId: 'a1',
    });
  });

  it("uses the template's code registered at the platform when the administrator set one", () => {
    expect(sendBody(message({ externalTemplateCode: 'SMS_153055065' }), 'x').TemplateCode).toBe('SMS_153055065');
  });

  it('is signed with HMAC-SHA256 over AccessKeyId, timestamp, nonce and the exact body, one per line', () => {
    const body = JSON.stringify(sendBody(message(), '新县政务服务中心'));
    const h = signedHeaders(account.accessKeyId, account.secret, body, NOW, 'nonce-0001');
    const canonical = `LTAI-test\n1795000000\nnonce-0001\n${body}`;
    expect(h['x-signature']).toBe(createHmac('sha256', 'the-secret').update(canonical, 'utf8').digest('hex'));
    expect(h).toMatchObject({ 'x-app-key': 'LTAI-test', 'x-timestamp': '1795000000', 'x-nonce': 'nonce-0001' });
  });
});

describe('HTTP SMS platform: what an answer means', () => {
  const answer = (status: number, body: unknown, retryAfter: string | null = null) => sendResultOf({ status, retryAfter, text: typeof body === 'string' ? body : JSON.stringify(body) });

  it('OK with a BizId: sending, the BizId as the provider message id', () => {
    expect(answer(200, { Code: 'OK', Message: 'OK', BizId: '900619746936498440^0', RequestId: 'r' })).toEqual({ status: 'sending', providerMessageId: '900619746936498440^0' });
  });

  it('OK without a BizId, or a 200 we cannot read: unknown (it may be sent; never sent twice)', () => {
    expect(answer(200, { Code: 'OK' }).status).toBe('unknown');
    expect(answer(200, '<html>').status).toBe('unknown');
  });

  it('throttling: temporary with a wait (the platform\'s Retry-After, else the code\'s)', () => {
    expect(answer(200, { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' })).toEqual({
      status: 'temporary_failure',
      reason: 'isv.BUSINESS_LIMIT_CONTROL 触发分钟级流控Permits:1',
      retryAfterMs: 60_000,
    });
    expect(answer(429, {}, '7')).toMatchObject({ status: 'temporary_failure', retryAfterMs: 7_000 });
    expect(answer(429, { Code: 'Throttling.User' })).toMatchObject({ status: 'temporary_failure', retryAfterMs: 1_000 });
    expect(answer(200, { Code: 'isv.DAY_LIMIT_CONTROL' })).toMatchObject({ status: 'temporary_failure', retryAfterMs: 3_600_000 });
  });

  it.each(['isv.MOBILE_NUMBER_ILLEGAL', 'isv.BLACK_KEY_CONTROL_LIMIT', 'isv.SMS_TEMPLATE_ILLEGAL', 'isv.SMS_SIGNATURE_ILLEGAL', 'isv.TEMPLATE_MISSING_PARAMETERS', 'isv.SOMETHING_NEW'])(
    '%s: permanent, naming the code',
    (code) => {
      const r = answer(200, { Code: code, Message: '原因' });
      expect(r.status).toBe('permanent_failure');
      expect(r.status === 'permanent_failure' && r.reason.startsWith(code)).toBe(true);
    },
  );

  it.each(['isp.SYSTEM_ERROR', 'isv.AMOUNT_NOT_ENOUGH', 'SignatureDoesNotMatch', 'InvalidAccessKeyId.NotFound', 'isp.SOMETHING_NEW'])('%s (our account or the platform): temporary', (code) => {
    expect(answer(400, { Code: code }).status).toBe('temporary_failure');
  });

  it('HTTP 5xx: temporary; 401/403 without a code: temporary (our credentials); another 4xx without a code: permanent', () => {
    expect(answer(503, 'Service Unavailable').status).toBe('temporary_failure');
    expect(answer(502, { Code: 'isv.MOBILE_NUMBER_ILLEGAL' }).status).toBe('temporary_failure');
    expect(answer(401, '').status).toBe('temporary_failure');
    expect(answer(400, 'bad').status).toBe('permanent_failure');
  });

  it('masks a phone number the platform echoes in its words', () => {
    const r = answer(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '号码13812345678非法' });
    expect(JSON.stringify(r)).not.toContain('13812345678');
    expect(JSON.stringify(r)).toContain('138****5678');
  });

  it('Retry-After: seconds, capped at a day; anything else the fallback', () => {
    expect(retryAfterMs('30', 5)).toBe(30_000);
    expect(retryAfterMs('999999', 5)).toBe(86_400_000);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:00 GMT', 5)).toBe(5);
    expect(retryAfterMs(null, 5)).toBe(5);
  });
});

describe('HTTP SMS platform: receipt callbacks', () => {
  const body = JSON.stringify([{ phone_number: '13812345678', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', biz_id: '12345^0', out_id: 'a1', report_time: '2026-11-26 10:00:05' }]);
  const headers = (over: { secret?: string; timestampMs?: number; appKey?: string } = {}) => signedHeaders(over.appKey ?? account.accessKeyId, over.secret ?? account.secret, body, over.timestampMs ?? NOW, 'n0nce-0001');

  it('a genuine push passes', () => {
    expect(callbackProblem(account, headers(), body, NOW + 10_000, 300)).toBeNull();
  });

  it('names what is wrong: missing headers, another key, a stale timestamp, a bad signature, a changed body', () => {
    expect(callbackProblem(account, {}, body, NOW, 300)).toBe('not signed: x-app-key, x-timestamp, x-nonce, x-signature missing');
    expect(callbackProblem(account, headers({ appKey: 'other' }), body, NOW, 300)).toBe('unknown access key id');
    expect(callbackProblem(account, headers({ timestampMs: NOW - 301_000 }), body, NOW, 300)).toBe('the timestamp is more than 300 s away');
    expect(callbackProblem(account, headers({ secret: 'wrong' }), body, NOW, 300)).toBe('bad signature');
    expect(callbackProblem(account, headers(), body.replace('true', 'false'), NOW, 300)).toBe('bad signature');
  });

  it('parses receipts: success → delivered; a failure → permanent with code and words; transient codes → temporary', () => {
    const { receipts, skipped } = receiptsOf(
      JSON.stringify([
        { phone_number: '13812345678', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', biz_id: '1^0', out_id: 'a1', report_time: '2026-11-26 10:00:05' },
        { phone_number: '13812345679', success: false, err_code: 'MN:0001', err_msg: '空号', biz_id: '2^0', out_id: 'a2', report_time: '2026-11-26 10:00:06' },
        { phone_number: '13812345670', success: false, err_code: 'EXPIRED', err_msg: '短信超过有效期', biz_id: '3^0' },
        { phone_number: '13812345670', success: 'maybe', biz_id: '4^0' },
        { phone_number: '13812345670', success: true },
      ]),
    );
    expect(skipped).toBe(2);
    expect(receipts).toEqual([
      { status: 'delivered', providerMessageId: '1^0', clientRef: 'a1', to: '13812345678', at: new Date('2026-11-26T02:00:05Z') },
      { status: 'permanent_failure', providerMessageId: '2^0', clientRef: 'a2', to: '13812345679', at: new Date('2026-11-26T02:00:06Z'), reason: 'MN:0001 空号' },
      { status: 'temporary_failure', providerMessageId: '3^0', to: '13812345670', reason: 'EXPIRED 短信超过有效期' },
    ]);
  });

  it('refuses a body that is not a JSON array', () => {
    expect(() => receiptsOf('{"a":1}')).toThrow(AppError);
    expect(() => receiptsOf('not json')).toThrow('not a JSON array');
  });
});
