import { describe, expect, it } from '@jest/globals';
import { actionsFor, deskOrder, kindText, statusColor, statusText, type Consultation } from './consultation';

const c = (over: Partial<Consultation>): Consultation => ({ id: 'x', channel: 'onsite', kind: 'consultation', topic: 't', question: 'q', status: 'open', createdBy: 'consult1', createdAt: '2026-12-07T01:00:00Z', ...over });

describe('the consultation desk', () => {
  it('names the channel, kind and status in Chinese', () => {
    expect(kindText({ channel: 'onsite', kind: 'consultation' })).toBe('现场咨询');
    expect(kindText({ channel: 'phone', kind: 'complaint' })).toBe('电话投诉');
    expect([statusText('open'), statusText('answered'), statusText('closed')]).toEqual(['办理中', '已答复', '已办结']);
    expect(statusColor('open')).toBe('warning');
  });

  it('offers routing and closing to the consultant, the reply only to the responsible department or a supervisor', () => {
    const consultant = { roles: ['consultant'] };
    expect(actionsFor(c({ kind: 'consultation' }), consultant)).toEqual({ route: false, reply: false, close: true });
    expect(actionsFor(c({ kind: 'complaint' }), consultant)).toEqual({ route: true, reply: false, close: true });
    expect(actionsFor(c({ kind: 'complaint', department: 'ZRZY' }), { roles: ['reviewer'], department: 'ZRZY' }).reply).toBe(true);
    expect(actionsFor(c({ kind: 'complaint', department: 'ZRZY' }), { roles: ['reviewer'], department: 'FGW' }).reply).toBe(false);
    expect(actionsFor(c({ kind: 'complaint', department: 'ZRZY' }), { roles: ['supervisor'] })).toEqual({ route: true, reply: true, close: true });
    expect(actionsFor(c({ kind: 'complaint', status: 'answered', department: 'ZRZY' }), consultant)).toEqual({ route: false, reply: false, close: true });
    expect(actionsFor(c({ status: 'closed' }), consultant)).toEqual({ route: false, reply: false, close: false });
  });

  it('lists open ones first, the longest waiting on top', () => {
    const list = [
      c({ id: 'closed', status: 'closed', createdAt: '2026-12-07T00:00:00Z' }),
      c({ id: 'late', createdAt: '2026-12-07T03:00:00Z' }),
      c({ id: 'answered', status: 'answered' }),
      c({ id: 'early', createdAt: '2026-12-07T02:00:00Z' }),
    ];
    expect(deskOrder(list).map((x) => x.id)).toEqual(['early', 'late', 'answered', 'closed']);
  });
});
