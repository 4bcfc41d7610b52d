import { describe, expect, it } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import { Events, type EventEnvelope, type MessageSentV1 } from '@yichuang/contracts';
import { CaseEventsHandler } from './case-events.handler.js';
import type { CasesService } from './cases.service.js';
import type { Clock } from '@yichuang/platform';
import type { RecordSpecialProcedureNotice } from '../documents/record-special-procedure-notice.js';

/** What onMessageSent writes on the case's timeline: the channel and the message, in Chinese. */
async function timelineDetail(data: MessageSentV1): Promise<unknown> {
  const calls: unknown[][] = [];
  const tx = { query: async (_sql: string, params: unknown[]) => void calls.push(params) } as unknown as EntityManager;
  const handler = new CaseEventsHandler({} as CasesService, {} as Clock, {} as RecordSpecialProcedureNotice);
  const e: EventEnvelope<MessageSentV1> = { id: 'e1', type: Events.messageSent.subject, source: 'notification', occurredAt: data.sentAt, correlationId: 'c1', data };
  await handler.onMessageSent(e, tx);
  return calls[0]?.[2];
}

describe("the case timeline's message entries", () => {
  const sent = { messageId: 'm1', caseNo: '411523-2026-000001', template: 'RESULT_READY', sentAt: '2026-12-01T08:00:00.000Z' };

  it('names the channel: 短信 or 微信公众号', async () => {
    expect(await timelineDetail({ ...sent, channel: 'sms' })).toBe('短信：领证通知短信');
    expect(await timelineDetail({ ...sent, channel: 'wechat' })).toBe('微信公众号：领证通知');
  });

  it('names a template it does not know by what it is, never by its code', async () => {
    const detail = await timelineDetail({ ...sent, channel: 'wechat', template: 'SOMETHING_NEW' });
    expect(detail).toMatch(/^微信公众号：/);
    expect(detail).not.toContain('SOMETHING_NEW');
  });
});
