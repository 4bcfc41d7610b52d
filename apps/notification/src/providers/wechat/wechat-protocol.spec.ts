import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { AppError } from '@yichuang/contracts';
import type { OutboundMessage } from '../provider.js';
import { parseAnswer, pushProblem, pushSignature, receiptOfPush, sendBody, sendResultOf, templateData, xmlFields } from './wechat-protocol.js';

const OPENID = 'oia2TjuEGTNoeX76QEjQNrcURxG8';
const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  messageId: 'm1',
  attemptId: 'a1',
  clientRef: 'a1',
  channel: 'wechat',
  to: OPENID,
  content: '【新县政务服务中心】张三您好，您申请的“城北安置小区”2个事项已受理，办件编号411523-2026-000001。',
  template: 'CASE_ACCEPTED',
  params: { name: '张三', project: '城北安置小区', caseNo: '411523-2026-000001' },
  attempt: 1,
  ...over,
});

describe('WeChat template message: the body', () => {
  it('fills the 办件进度通知 layout: the text without its signature, case number, matter, progress, the hall phone', () => {
    expect(templateData(message(), '0376-2962000')).toEqual({
      first: { value: '张三您好，您申请的“城北安置小区”2个事项已受理，办件编号411523-2026-000001。' },
      keyword1: { value: '411523-2026-000001' },
      keyword2: { value: '城北安置小区' },
      keyword3: { value: '受理' },
      remark: { value: '咨询电话0376-2962000' },
    });
  });

  it('falls back: ticket number, the item, — when nothing fits, our code for an unknown template', () => {
    const d = templateData(message({ template: 'SOMETHING', params: { ticketNo: 'A012', item: '建设用地规划许可证' } }), '1');
    expect(d['keyword1']).toEqual({ value: 'A012' });
    expect(d['keyword2']).toEqual({ value: '建设用地规划许可证' });
    expect(d['keyword3']).toEqual({ value: 'SOMETHING' });
    expect(templateData(message({ params: {} }), '1')['keyword1']).toEqual({ value: '—' });
  });

  it('sends to the openid with the template id and our client reference as client_msg_id', () => {
    expect(JSON.parse(sendBody(message(), 'TPL1', '1'))).toMatchObject({ touser: OPENID, template_id: 'TPL1', client_msg_id: 'a1' });
  });
});

describe('WeChat template message: what an answer means', () => {
  it('reads msgids beyond 2^53 exactly', () => {
    expect(parseAnswer('{"errcode":0,"errmsg":"ok","msgid":2912476536393203712}')).toEqual({ errcode: 0, errmsg: 'ok', msgid: '2912476536393203712' });
    expect(sendResultOf(200, '{"errcode":0,"errmsg":"ok","msgid":2912476536393203712}')).toEqual({ status: 'sending', providerMessageId: '2912476536393203712' });
  });

  it('43004 (not following), 40003 (invalid openid), 40037 (template): permanent naming the errcode', () => {
    for (const code of [43004, 40003, 40037, 47003]) {
      const r = sendResultOf(200, JSON.stringify({ errcode: code, errmsg: 'x' }));
      expect(r.status).toBe('permanent_failure');
      expect(r.status === 'permanent_failure' && r.reason.startsWith(`errcode ${code}`)).toBe(true);
    }
  });

  it('45009 (quota), -1 (busy): temporary with a wait; HTTP 5xx temporary; a 200 without errcode unknown', () => {
    expect(sendResultOf(200, '{"errcode":45009,"errmsg":"reach max api daily quota limit"}')).toMatchObject({ status: 'temporary_failure', retryAfterMs: 3_600_000 });
    expect(sendResultOf(200, '{"errcode":-1,"errmsg":"system error"}')).toMatchObject({ status: 'temporary_failure', retryAfterMs: 5_000 });
    expect(sendResultOf(502, '<html>')).toMatchObject({ status: 'temporary_failure' });
    expect(sendResultOf(200, '<html>').status).toBe('unknown');
    expect(sendResultOf(200, '{"errcode":40001}').status).toBe('temporary_failure');
  });
});

describe('WeChat event pushes', () => {
  const NOW = 1_795_000_000_000;
  const headers = (token = 'tok', timestamp = '1795000000', nonce = '1234567') => ({
    'x-wechat-signature': pushSignature(token, timestamp, nonce),
    'x-wechat-timestamp': timestamp,
    'x-wechat-nonce': nonce,
  });

  it('signature = sha1 of token, timestamp and nonce sorted as strings and joined', () => {
    expect(pushSignature('tok', '1795000000', '1234567')).toBe(createHash('sha1').update('12345671795000000tok').digest('hex'));
  });

  it('verifies the signature and the timestamp', () => {
    expect(pushProblem('tok', headers(), NOW, 300)).toBeNull();
    expect(pushProblem('tok', headers('other'), NOW, 300)).toBe('bad signature');
    expect(pushProblem('tok', headers('tok', '1794999000'), NOW, 300)).toBe('the timestamp is more than 300 s away');
    expect(pushProblem('tok', {}, NOW, 300)).toBe('not signed: signature, timestamp, nonce missing');
  });

  const xml = (status: string, event = 'TEMPLATESENDJOBFINISH') => `<xml><ToUserName><![CDATA[gh_7f083739789a]]></ToUserName>
<FromUserName><![CDATA[${OPENID}]]></FromUserName>
<CreateTime>1795000000</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[${event}]]></Event>
<MsgID>2912476536393203712</MsgID>
<Status><![CDATA[${status}]]></Status>
</xml>`;

  it('TEMPLATESENDJOBFINISH: success → delivered, user block → permanent, system failed → temporary', () => {
    expect(receiptOfPush(xmlFields(xml('success')))).toEqual({ providerMessageId: '2912476536393203712', status: 'delivered', to: OPENID, at: new Date(NOW) });
    expect(receiptOfPush(xmlFields(xml('failed:user block')))).toMatchObject({ status: 'permanent_failure', reason: 'failed:user block' });
    expect(receiptOfPush(xmlFields(xml('failed: system failed')))).toMatchObject({ status: 'temporary_failure', reason: 'failed: system failed' });
  });

  it('other events give no receipt; a body that is not XML is refused', () => {
    expect(receiptOfPush(xmlFields(xml('', 'subscribe')))).toBeNull();
    expect(() => xmlFields('{"a":1}')).toThrow(AppError);
  });
});
