import { describe, expect, it } from '@jest/globals';
import { callingNewestFirst } from './board';

describe('the display board', () => {
  it('shows the latest call first and at most a screenful', () => {
    const calling = [
      { ticketNo: 'A001', windowNo: 'W01', calledAt: '2026-11-26T02:00:00.000Z' },
      { ticketNo: 'B001', windowNo: 'W02', calledAt: '2026-11-26T02:05:00.000Z' },
      { ticketNo: 'A002', windowNo: 'W03', calledAt: '2026-11-26T02:01:00.000Z' },
    ];
    expect(callingNewestFirst({ calling, waiting: {} }).map((c) => c.ticketNo)).toEqual(['B001', 'A002', 'A001']);
    expect(callingNewestFirst({ calling, waiting: {} }, 2)).toHaveLength(2);
  });
});
