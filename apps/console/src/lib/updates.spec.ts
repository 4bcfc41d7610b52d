import { describe, expect, it } from '@jest/globals';
import { parseEvents, updatesIn } from './updates';

describe("the gateway's push channel as the console reads it", () => {
  it('cuts the stream into events at blank lines, keeping a half-received one for the next chunk', () => {
    const first = parseEvents('event: task\nid: 1\ndata: {"kind":"task","change":"created","caseNo":"C-1","taskId":"t1"}\n\nevent: ping\ndata: {}\n\nevent: case\ndata: {"kind":"ca');
    expect(first.events.map((e) => e.type)).toEqual(['task', 'ping']);
    const second = parseEvents(`${first.rest}se","change":"decided","caseNo":"C-1"}\r\n\r\n`);
    expect(second.rest).toBe('');
    expect(updatesIn([...first.events, ...second.events])).toEqual([
      { kind: 'task', change: 'created', caseNo: 'C-1', taskId: 't1' },
      { kind: 'case', change: 'decided', caseNo: 'C-1' },
    ]);
  });

  it('leaves out pings and anything it cannot read', () => {
    expect(updatesIn([{ type: 'ping', data: '{}' }, { type: 'task', data: 'not json' }, { type: 'case', data: '{"change":"x"}' }])).toEqual([]);
  });
});
