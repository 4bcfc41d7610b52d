/**
 * SmppSmsProvider against a real SMPP server on loopback (libs/testing's SMSC): no database, no NATS.
 * Every wait is for a signal (an event, a receipt, a recorded submit), never for a fixed time.
 */
import { afterEach, describe, expect, it } from '@jest/globals';
import { EventEmitter, once } from 'node:events';
import { randomUUID } from 'node:crypto';
import smpp from 'smpp';
import { startSmppTestServer, type SmppTestServer } from '@yichuang/testing';
import type { InboundReceipt, OutboundMessage } from '../provider.js';
import { SmppSmsProvider, type SmppProviderOptions } from './smpp-provider.js';

const THROTTLED = smpp.errors['ESME_RTHROTTLED'] as number;
const SHORT = '【新县政务服务中心】您的申请已受理，办件编号2026-0001，请留意后续短信。';
const LONG =
  '【新县政务服务中心】您申请的建设工程规划许可证已办结，请携带身份证原件及受理通知书到一楼统一出件窗口领取结果。' +
  '如需免费邮寄，请在工作时间拨打咨询电话0376-2962000办理。办件编号2026-0001。领取时请核对证照信息，' +
  '如有错误请当场提出，我们将在一个工作日内更正。感谢您对政务服务工作的支持！';

class Sink {
  readonly receipts: InboundReceipt[] = [];
  readonly events = new EventEmitter();
  failNext = 0;
  readonly fn = async (provider: string, r: InboundReceipt): Promise<void> => {
    expect(provider).toBe('smpp');
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('database unavailable');
    }
    this.receipts.push(r);
    this.events.emit('receipt');
  };
  until(predicate: () => boolean): Promise<void> {
    return until(this.events, ['receipt'], predicate);
  }
}

/** resolves once `predicate` holds, checked whenever one of `names` is emitted */
function until(emitter: EventEmitter, names: string[], predicate: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate()) return;
      for (const n of names) emitter.off(n, check);
      resolve();
    };
    for (const n of names) emitter.on(n, check);
    check();
  });
}

let server: SmppTestServer | undefined;
let provider: SmppSmsProvider | undefined;

afterEach(async () => {
  await provider?.stop();
  await server?.close();
  provider = undefined;
  server = undefined;
});

async function setUp(opts: Partial<SmppProviderOptions> = {}, serverOpts: Parameters<typeof startSmppTestServer>[0] = {}) {
  const s = await startSmppTestServer(serverOpts);
  server = s;
  const p = new SmppSmsProvider({
    url: s.url,
    systemId: s.systemId,
    password: s.password,
    sourceAddr: '10690001',
    window: 10,
    enquireLinkMs: 60_000,
    reconnectMinMs: 10,
    reconnectMaxMs: 80,
    sendTimeoutMs: 5_000,
    ...opts,
  });
  provider = p;
  const sink = new Sink();
  return { s, p, sink };
}

function message(p: SmppSmsProvider, to: string, content = SHORT): OutboundMessage {
  const attemptId = randomUUID();
  return { messageId: randomUUID(), attemptId, clientRef: p.reference(attemptId), channel: 'sms', to, content, template: 'CASE_ACCEPTED', params: {}, attempt: 1 };
}

describe('SmppSmsProvider over a loopback SMSC', () => {
  it('binds, sends a Chinese SMS as one UCS-2 part with the client reference, and maps the DELIVRD receipt', async () => {
    const { s, p, sink } = await setUp();
    await p.start(sink.fn);
    expect(p.state()).toMatchObject({ connected: true, bound: true, outstanding: 0 });
    expect(await p.probe()).toBe(true);

    const m = message(p, '13812345678');
    const r = await p.send(m);
    expect(r.status).toBe('sending');
    const sub = s.submits[0];
    expect(s.submits).toHaveLength(1);
    expect(sub).toMatchObject({ destination: '13812345678', destTon: 2, destNpi: 1, dataCoding: 8, esmClass: 0, registeredDelivery: 1, text: SHORT, sourceAddr: '10690001' });
    expect(sub?.userMessageReference).toBe(Number(m.clientRef));
    expect(r).toEqual({ status: 'sending', providerMessageId: sub?.messageId });

    await sink.until(() => sink.receipts.length === 1);
    expect(sink.receipts[0]).toEqual({ providerMessageId: sub?.messageId, clientRef: m.clientRef, to: '13812345678', status: 'delivered' });
  });

  it('reference() is a deterministic 16-bit number', async () => {
    const { p } = await setUp();
    const a = p.reference('attempt-1');
    expect(p.reference('attempt-1')).toBe(a);
    expect(Number(a)).toBeGreaterThanOrEqual(0);
    expect(Number(a)).toBeLessThanOrEqual(0xffff);
    expect(String(Number(a))).toBe(a);
  });

  it('sends a long message as three concatenated parts that arrive as one SMS with the exact text; the first part receipt decides', async () => {
    const { s, p, sink } = await setUp();
    await p.start(sink.fn);
    expect(Array.from(LONG).length).toBeGreaterThan(134);
    expect(Array.from(LONG).length).toBeLessThanOrEqual(201);

    const m = message(p, '13912345678', LONG);
    const r = await p.send(m);
    expect(s.submits).toHaveLength(3);
    const udhs = s.submits.map((x) => x.udh);
    const ref = udhs[0]?.ref as number;
    expect(udhs.map((u) => u?.bytes)).toEqual([1, 2, 3].map((seq) => [5, 0, 3, ref, 3, seq]));
    expect(s.submits.every((x) => x.esmClass === 0x40 && x.dataCoding === 8 && x.userMessageReference === Number(m.clientRef))).toBe(true);
    expect(s.submits.map((x) => Array.from(x.text).length)).toEqual([67, 67, Array.from(LONG).length - 134]);
    expect(s.messages()).toEqual([expect.objectContaining({ destination: '13912345678', text: LONG, parts: 3, complete: true })]);
    expect(s.distinctSms()).toBe(1);
    expect(r).toEqual({ status: 'sending', providerMessageId: s.submits[0]?.messageId });

    await s.until(() => s.receipts.filter((x) => x.acknowledged).length === 3);
    expect(sink.receipts).toEqual([{ providerMessageId: s.submits[0]?.messageId, clientRef: m.clientRef, to: '13912345678', status: 'delivered' }]);
  });

  it('an UNDELIV receipt is a permanent failure with the stat and error code as reason', async () => {
    const { s, p, sink } = await setUp();
    s.failDestinations('1340000', 'receipt');
    await p.start(sink.fn);
    const m = message(p, '13400001234');
    const r = await p.send(m);
    expect(r.status).toBe('sending');
    await sink.until(() => sink.receipts.length === 1);
    expect(sink.receipts[0]).toEqual({ providerMessageId: s.submits[0]?.messageId, clientRef: m.clientRef, to: '13400001234', status: 'permanent_failure', reason: 'UNDELIV err:001' });
  });

  it('an invalid destination refused at submit is a permanent failure naming ESME_RINVDSTADR', async () => {
    const { s, p, sink } = await setUp();
    s.failDestinations('1340000', 'submit');
    await p.start(sink.fn);
    const r = await p.send(message(p, '13400005678'));
    expect(r).toEqual({ status: 'permanent_failure', reason: 'submit_sm refused: ESME_RINVDSTADR (0x0b)' });
  });

  it('a throttled submit is a temporary failure with a retry hint; the next one passes', async () => {
    const { s, p, sink } = await setUp();
    s.throttleSubmits(1);
    await p.start(sink.fn);
    const first = await p.send(message(p, '13812340001'));
    expect(first).toEqual({ status: 'temporary_failure', reason: 'submit_sm refused: ESME_RTHROTTLED (0x58)', retryAfterMs: 1000 });
    expect((await p.send(message(p, '13812340001'))).status).toBe('sending');
  });

  it('keeps at most `window` submit_sm outstanding', async () => {
    const { s, p, sink } = await setUp({ window: 3 });
    await p.start(sink.fn);
    const release = s.holdSubmitResponses();
    const sends = Array.from({ length: 8 }, (_, i) => p.send(message(p, `1381234${String(i).padStart(4, '0')}`)));
    await s.until(() => s.submits.length === 3);
    expect(p.state().outstanding).toBe(3);
    release();
    const results = await Promise.all(sends);
    expect(results.every((r) => r.status === 'sending')).toBe(true);
    expect(s.submits).toHaveLength(8);
    expect(s.maxOutstanding()).toBe(3);
    expect(Math.max(...s.submits.map((x) => x.outstandingAtArrival))).toBe(3);
  });

  it('sends a window-limited burst with delayed answers without exceeding the window', async () => {
    const { s, p, sink } = await setUp({ window: 4 });
    s.delaySubmitResponses(5);
    await p.start(sink.fn);
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => p.send(message(p, `1391234${String(i).padStart(4, '0')}`, i % 3 === 0 ? LONG : SHORT))));
    expect(results.every((r) => r.status === 'sending')).toBe(true);
    expect(s.maxOutstanding()).toBeLessThanOrEqual(4);
    expect(s.distinctSms()).toBe(30);
    expect(s.messages().every((x) => x.complete)).toBe(true);
  });

  it('sends enquire_link to keep the session alive', async () => {
    const { s, p, sink } = await setUp({ enquireLinkMs: 100 });
    await p.start(sink.fn);
    await s.until(() => s.enquireLinks() >= 2);
    expect(p.state().bound).toBe(true);
  });

  it('throttled and refused binds: reconnects with back-off, then sends', async () => {
    const { s, p, sink } = await setUp();
    s.refuseBinds(2, THROTTLED);
    const bound = once(p.events, 'bound');
    await p.start(sink.fn);
    expect(p.state().bound).toBe(false);
    expect(p.state().lastError).toBe('bind refused: ESME_RTHROTTLED (0x58)');
    expect((await p.send(message(p, '13812345678'))).status).toBe('temporary_failure');
    await bound;
    expect(s.binds.map((b) => b.status)).toEqual([0x58, 0x58, 0]);
    expect(p.state().reconnects).toBe(2);
    expect((await p.send(message(p, '13812345678'))).status).toBe('sending');
  });

  it('a wrong password is refused and reported without the password', async () => {
    const { s, p, sink } = await setUp({ password: 'wrongpw' });
    await p.start(sink.fn);
    expect(s.binds[0]?.status).toBe(smpp.errors['ESME_RINVPASWD']);
    expect(p.state().lastError).toBe('bind refused: ESME_RINVPASWD (0x0e)');
    expect(JSON.stringify(p.state())).not.toContain('wrongpw');
  });

  it('a connection dropped mid-window: outstanding sends are unknown, the provider rebinds, later sends pass, and the dropped ones receipts still arrive with clientRef and phone', async () => {
    const { s, p, sink } = await setUp({ window: 5 });
    await p.start(sink.fn);
    s.dropAfterSubmits(3);
    const dropped = ['13800000001', '13800000002', '13800000003'].map((to) => message(p, to));
    const rebound = once(p.events, 'bound');
    const results = await Promise.all(dropped.map((m) => p.send(m)));
    expect(results.map((r) => r.status)).toEqual(['unknown', 'unknown', 'unknown']);
    await rebound;
    expect(p.state().reconnects).toBe(1);

    const after = message(p, '13800000004');
    const r = await p.send(after);
    expect(r.status).toBe('sending');
    expect(s.distinctSms()).toBe(4);

    await sink.until(() => sink.receipts.length === 4);
    for (const m of dropped) {
      const id = s.submits.find((x) => x.destination === m.to)?.messageId;
      expect(sink.receipts).toContainEqual({ providerMessageId: id, clientRef: m.clientRef, to: m.to, status: 'delivered' });
    }
    expect(sink.receipts).toContainEqual({ providerMessageId: s.submits[3]?.messageId, clientRef: after.clientRef, to: after.to, status: 'delivered' });
  });

  it('no answer in time is unknown; the late submit_sm_resp still lets the receipt find the message', async () => {
    const { s, p, sink } = await setUp({ sendTimeoutMs: 200 });
    await p.start(sink.fn);
    const release = s.holdSubmitResponses();
    const m = message(p, '13812348888');
    const r = await p.send(m);
    expect(r).toEqual({ status: 'unknown', reason: 'no submit_sm_resp within 200 ms' });
    const late = once(p.events, 'late_response');
    release();
    const [lateId] = await late;
    expect(lateId).toBe(s.submits[0]?.messageId);
    await sink.until(() => sink.receipts.length === 1);
    expect(sink.receipts[0]).toEqual({ providerMessageId: lateId, clientRef: m.clientRef, to: m.to, status: 'delivered' });
  });

  it('a receipt the sink could not record is answered ESME_RX_T_APPN and comes again', async () => {
    const { s, p, sink } = await setUp();
    sink.failNext = 1;
    await p.start(sink.fn);
    await p.send(message(p, '13812347777'));
    await s.until(() => s.receipts[0]?.acknowledged === true);
    expect(s.receipts[0]?.sent).toBe(2);
    expect(sink.receipts).toHaveLength(1);
  });

  it('answers the SMSC unbind and binds again', async () => {
    const { s, p, sink } = await setUp();
    await p.start(sink.fn);
    const rebound = once(p.events, 'bound');
    s.unbindAll();
    await rebound;
    expect(s.binds.filter((b) => b.status === 0)).toHaveLength(2);
    expect((await p.send(message(p, '13812346666'))).status).toBe('sending');
  });

  it('stop() unbinds and closes, does not reconnect, and later sends are temporary failures', async () => {
    const { s, p, sink } = await setUp();
    await p.start(sink.fn);
    await p.stop();
    await s.until(() => s.boundSessions() === 0);
    expect(p.state()).toMatchObject({ connected: false, bound: false, outstanding: 0 });
    expect(await p.probe()).toBe(false);
    const r = await p.send(message(p, '13812345555'));
    expect(r.status).toBe('temporary_failure');
    expect(s.binds).toHaveLength(1);
  });

  it('not connected at all (nothing listening): temporary failure, never a throw', async () => {
    const s = await startSmppTestServer();
    const url = s.url;
    await s.close();
    const p = new SmppSmsProvider({ url, systemId: 'x', password: 'y', sourceAddr: '10690001', reconnectMinMs: 10, reconnectMaxMs: 20, sendTimeoutMs: 500 });
    provider = p;
    await p.start(async () => undefined);
    expect(p.state().connected).toBe(false);
    const r = await p.send(message(p, '13812345678'));
    expect(r.status).toBe('temporary_failure');
  });
});
