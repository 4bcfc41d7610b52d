import { describe, expect, it } from '@jest/globals';
import { MESSAGE_PROBLEM_STATUSES } from './codes.js';
import { MESSAGE_PROBLEM_TEXT, messageProblemReason } from './labels.js';

describe('messageProblemReason (what the window sees of a message that did not reach the applicant)', () => {
  it('says a permanent failure cannot be delivered, the likely cause, the provider code in brackets, and to phone', () => {
    expect(messageProblemReason({ status: 'permanent_failure', channel: 'sms', providerReason: 'UNDELIV err:001' })).toBe('短信无法送达：号码无效或已停机（UNDELIV err:001），请电话告知申请人。');
    expect(messageProblemReason({ status: 'permanent_failure', channel: 'wechat', providerReason: '43004 require subscribe' })).toBe(
      '微信消息无法送达：申请人未关注公众号或已拒收（43004 require subscribe），请电话告知申请人。',
    );
  });

  it('says a technical failure failed many times, without the bookkeeping prefix', () => {
    expect(messageProblemReason({ status: 'technical_failure', channel: 'sms', providerReason: 'gave up after 48 attempts: submit_sm refused: ESME_RTHROTTLED (0x58)' })).toBe(
      '短信多次发送失败（submit_sm refused: ESME_RTHROTTLED (0x58)），请电话告知申请人。',
    );
  });

  it('asks to confirm by phone whether an unconfirmed message arrived', () => {
    expect(messageProblemReason({ status: 'unconfirmed', channel: 'sms', providerReason: 'provider smpp did not answer within 10000 ms' })).toBe(
      '短信是否送达无法确认（发送过程中断），请电话确认申请人是否收到。',
    );
  });

  it('leaves the brackets out when the provider said nothing', () => {
    expect(messageProblemReason({ status: 'permanent_failure', channel: 'sms', providerReason: null })).toBe('短信无法送达：号码无效或已停机，请电话告知申请人。');
    expect(messageProblemReason({ status: 'technical_failure', channel: 'sms', providerReason: '  ' })).toBe('短信多次发送失败，请电话告知申请人。');
  });

  it('never shows a phone number or an id number, and cuts a long provider text', () => {
    const reason = messageProblemReason({ status: 'permanent_failure', channel: 'sms', providerReason: `number 13812345678 (owner 411523199001011234) does not exist ${'x'.repeat(100)}` });
    expect(reason).toContain('138****5678');
    expect(reason).not.toContain('13812345678');
    expect(reason).not.toContain('411523199001011234');
    expect(reason).toContain('…），请电话告知申请人。');
    expect(reason.length).toBeLessThan(100);
  });

  it('has a text for every problem status, each ending with what the clerk does', () => {
    for (const status of MESSAGE_PROBLEM_STATUSES) expect(MESSAGE_PROBLEM_TEXT[status]).toMatch(/请电话.+。$/);
  });
});
