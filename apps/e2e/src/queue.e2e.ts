/** The hall queue (排队叫号) over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { aCreditCode, aProjectCode, eventually } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

interface Ticket { ticketNo: string; category: string; waitingAhead: number }
interface Called { ticketNo: string; category: string; windowNo: string; callCount: number; status: string }
interface Board { calling: { ticketNo: string; windowNo: string }[]; waiting: Record<string, number> }

describe('the hall queue', () => {
  let e: E2E;
  let clerk: string;
  let clerk2: string;
  let pickupClerk: string;
  let consultant: string;

  beforeAll(async () => {
    e = await startE2E();
    clerk = await e.http.login('clerk1');
    clerk2 = await e.http.login('clerk2');
    pickupClerk = await e.http.login('pickup1');
    consultant = await e.http.login('consult1');
  });

  afterAll(async () => {
    await e?.stop();
  });

  const take = async (body: object) => {
    const r = await e.http.post<Ticket>('/api/v1/queue/tickets', body);
    expect(r.status).toBe(201);
    return r.body;
  };

  it('issues tickets per category, calls priority first then in order, only for the categories a window serves', async () => {
    const a1 = await take({ category: 'stage1' });
    const a2 = await take({ category: 'stage1', phone: '13600000001' });
    const z1 = await take({ category: 'consult' });
    const a3 = await take({ category: 'stage1', priority: 'elderly' });
    expect(a1.ticketNo).toBe('A001');
    expect(a2).toMatchObject({ ticketNo: 'A002', waitingAhead: 1 });
    expect(z1.ticketNo).toBe('Z001');
    expect(a3.waitingAhead).toBe(0);

    const board = await e.http.get<Board>('/api/v1/queue/board');
    expect(board.body.waiting).toMatchObject({ stage1: 3, consult: 1, stage2: 0 });

    const first = await e.http.post<Called>('/api/v1/queue/call-next', { windowNo: 'W01' }, clerk);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ticketNo: a3.ticketNo, windowNo: 'W01', status: 'called' });
    const second = await e.http.post<Called>('/api/v1/queue/call-next', { windowNo: 'W01' }, clerk);
    expect(second.body.ticketNo).toBe('A001');
    // the consultation window calls its own category only
    const c = await e.http.post<Called>('/api/v1/queue/call-next', { windowNo: 'C01' }, consultant);
    expect(c.body.ticketNo).toBe('Z001');
    const now = await e.http.get<Board>('/api/v1/queue/board');
    expect(now.body.calling.map((x) => x.ticketNo)).toEqual(expect.arrayContaining(['A001', 'Z001']));
    // calling again finishes Z001; nobody else waits for consultation
    expect((await e.http.post('/api/v1/queue/call-next', { windowNo: 'C01' }, consultant)).status).toBe(204);

    // A002 asked for an SMS: it is next, so it is told its turn is near
    const stats = await e.http.get<{ categories: { category: string; served: number; avgWaitSeconds: number | null }[] }>('/api/v1/queue/stats', clerk);
    const s1 = stats.body.categories.find((x) => x.category === 'stage1');
    expect(s1?.served).toBe(1);
    expect(s1?.avgWaitSeconds).not.toBeNull();
    expect(a2.ticketNo).toBe('A002');
  });

  it('recalls and marks a no-show after the configured number of calls, and transfers a ticket', async () => {
    while ((await e.http.post('/api/v1/queue/call-next', { windowNo: 'W02' }, clerk2)).status === 200);
    const t = await take({ category: 'stage2' });
    const called = await e.http.post<Called>('/api/v1/queue/call-next', { windowNo: 'W02' }, clerk2);
    expect(called.body.ticketNo).toBe(t.ticketNo);
    // W01's clerk does not recall W02's ticket
    const foreign = await e.http.post<{ error: { code: string; messageZh: string } }>('/api/v1/queue/recall', { ticketNo: t.ticketNo }, clerk);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.messageZh).toContain('W01');
    const r2 = await e.http.post<Called>('/api/v1/queue/recall', { ticketNo: t.ticketNo }, clerk2);
    expect(r2.body).toMatchObject({ callCount: 2, status: 'called' });
    await e.http.post('/api/v1/queue/recall', { ticketNo: t.ticketNo }, clerk2);
    const r4 = await e.http.post<Called>('/api/v1/queue/recall', { ticketNo: t.ticketNo }, clerk2);
    expect(r4.body.status).toBe('no_show');

    const p = await take({ category: 'stage3' });
    await e.http.post('/api/v1/queue/call-next', { windowNo: 'W02' }, clerk2);
    expect((await e.http.post('/api/v1/queue/transfer', { ticketNo: p.ticketNo, category: 'pickup' }, pickupClerk)).status).toBe(403);
    const moved = await e.http.post<Ticket>('/api/v1/queue/transfer', { ticketNo: p.ticketNo, category: 'pickup' }, clerk2);
    expect(moved.status).toBe(200);
    expect(moved.body.category).toBe('pickup');
    // the pick-up window's clerk calls it, nobody else calls for P01
    expect((await e.http.post('/api/v1/queue/call-next', { windowNo: 'P01' }, clerk2)).status).toBe(403);
    const pickup = await e.http.post<Called>('/api/v1/queue/call-next', { windowNo: 'P01' }, pickupClerk);
    expect(pickup.body.ticketNo).toBe(p.ticketNo);
  });

  it('sends an SMS when the turn of a ticket with a phone is near, and links a ticket to its application', async () => {
    const t1 = await take({ category: 'stage4' });
    const t2 = await take({ category: 'stage4', phone: '13600000002' });
    await e.http.post('/api/v1/queue/call-next', { windowNo: 'W01' }, clerk); // calls a leftover stage1 ticket or t1
    await e.http.post('/api/v1/queue/call-next', { windowNo: 'W01' }, clerk);
    const app = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        ticketNo: t1.ticketNo,
        stage: 4,
        itemCodes: ['ZJJ-006'],
        applicant: { kind: 'enterprise', name: '新县某建设公司', idNumber: aCreditCode(), phone: '13600000003' },
        project: { code: aProjectCode(), name: '项目', location: '新县' },
        materials: [],
      },
      clerk,
    );
    expect(app.status).toBe(201);
    const unknown = await e.http.post<{ error: { details: { field: string }[] } }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        ticketNo: 'D999',
        stage: 4,
        itemCodes: ['ZJJ-006'],
        applicant: { kind: 'enterprise', name: '新县某建设公司', idNumber: aCreditCode(), phone: '13600000003' },
        project: { code: aProjectCode(), name: '项目', location: '新县' },
        materials: [],
      },
      clerk,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details.map((d) => d.field)).toContain('ticketNo');
    // t2 is next in line after the calls: its holder gets the "turn is near" SMS (the dev provider logs it masked)
    expect(t2.ticketNo).toMatch(/^D/);
    await eventually(async () => e.logs.some((l) => l.app === 'notification' && l.line.includes('sms to 136****0002')));
  });

  it('streams the display board as Server-Sent Events', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${e.http.base}/api/v1/queue/board/stream`, { signal: ctrl.signal });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body?.getReader();
    let text = '';
    const started = performance.now();
    while (reader && !text.includes('\n\n') && performance.now() - started < 5000) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    ctrl.abort();
    expect(text).toContain('event: board');
    const data = JSON.parse(text.split('\n').find((l) => l.startsWith('data: '))?.slice(6) ?? '{}') as Board;
    expect(Object.keys(data.waiting)).toEqual(expect.arrayContaining(['stage1', 'consult', 'pickup']));
  });

  it('refuses bad tickets and windows with the contract error shape', async () => {
    const bad = await e.http.post<{ error: { code: string; details: { field: string }[] } }>('/api/v1/queue/tickets', { category: 'stage9', phone: '123' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d) => d.field).sort()).toEqual(['category', 'phone']);
    // a clerk calls for the window of the account only: another window, or one that does not exist, is refused
    for (const windowNo of ['W02', 'P01', 'C01', 'X99']) {
      const win = await e.http.post<{ error: { code: string; messageZh: string; details: { scope?: string; window?: string }[] } }>('/api/v1/queue/call-next', { windowNo }, clerk);
      expect(win.status).toBe(403);
      expect(win.body.error.code).toBe('FORBIDDEN');
      expect(win.body.error.details).toEqual([expect.objectContaining({ field: 'windowNo', scope: 'window', window: 'W01' })]);
      expect(win.body.error.messageZh).toBe('当前账号只能为本窗口（W01）叫号、重呼、过号和转移排队号，不能办理其他窗口的排队号');
    }
    expect((await e.http.post('/api/v1/queue/call-next', { windowNo: 'W01' }, consultant)).status).toBe(403);
    expect((await e.http.post('/api/v1/queue/call-next', { windowNo: 'W01' })).status).toBe(401);
  });
});
