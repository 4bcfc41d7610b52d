/**
 * A local SMPP 3.4 SMSC for the tests and benchmarks, playing a carrier's or aggregator's SMS centre on 127.0.0.1 and
 * an ephemeral port (the `smpp` package's server side). It checks bind credentials, answers every submit_sm with a
 * message_id, records what it received (destination, the decoded text of each part, the concatenation UDH, the
 * user_message_reference), and sends delivery receipts (deliver_sm, esm_class 4, the standard receipt text, the
 * receipted_message_id TLV, the user_message_reference echoed) after a configurable delay. A receipt whose session is
 * gone waits for the next session that binds with the same system_id, as real SMSCs do; a receipt answered with an
 * error is sent again.
 *
 * Misbehaviour on demand: throttle the next N submits, refuse the next N binds, hold or delay submit_sm_resp, drop the
 * connection after K submits while their answers are outstanding, fail destinations (refused at submit or an UNDELIV
 * receipt), unbind from the server's side.
 */
import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import smpp from 'smpp';
import type { PDU, Session } from 'smpp';
import { Clock } from '@yichuang/platform';

const E: Record<string, number> = smpp.errors;
const ROK = 0;
const THROTTLED = E['ESME_RTHROTTLED'] as number;
const BINDFAIL = E['ESME_RBINDFAIL'] as number;
const INVPASWD = E['ESME_RINVPASWD'] as number;
const INVDSTADR = E['ESME_RINVDSTADR'] as number;
const INVBNDSTS = E['ESME_RINVBNDSTS'] as number;

export interface SmscSubmit {
  /** the session that sent it (1, 2, … in connection order) */
  session: number;
  systemId: string;
  sourceAddr: string;
  destination: string;
  destTon: number;
  destNpi: number;
  dataCoding: number;
  esmClass: number;
  registeredDelivery: number;
  /** the part's decoded text */
  text: string;
  /** the user data header's concatenation element, when there was one */
  udh?: { ref: number; total: number; seq: number; bytes: number[] };
  userMessageReference?: number;
  /** the command_status answered (or to be answered) */
  status: number;
  /** set when accepted */
  messageId?: string;
  /** submit_sm of this session received and not yet answered, this one included */
  outstandingAtArrival: number;
}

/** One whole SMS as the phone shows it: a single submit or every part of a concatenated one. */
export interface SmscMessage {
  destination: string;
  text: string;
  parts: number;
  complete: boolean;
  messageIds: string[];
  userMessageReference?: number;
}

export interface SmscReceipt {
  messageId: string;
  destination: string;
  systemId: string;
  stat: 'DELIVRD' | 'UNDELIV';
  err: string;
  userMessageReference?: number;
  /** deliver_sm sent this often (an error answer or a lost session sends it again) */
  sent: number;
  acknowledged: boolean;
}

export interface SmppTestServerOptions {
  systemId?: string;
  password?: string;
  /** wait before a receipt is sent after the submit was accepted (default 0) */
  receiptDelayMs?: number;
  /** send receipts at all (default true) */
  receipts?: boolean;
  /** wait before a receipt the ESME answered with an error is sent again (default 20) */
  receiptRetryMs?: number;
}

export interface SmppTestServer {
  url: string;
  port: number;
  systemId: string;
  password: string;
  /** `submit` (SmscSubmit), `bind` ({systemId, status}), `enquire_link`, `session` (n), `closed` (n), `receipt_acked` (SmscReceipt) */
  readonly events: EventEmitter;
  /** every submit_sm, in arrival order */
  readonly submits: SmscSubmit[];
  /** every bind attempt with the answer's status */
  readonly binds: { systemId: string; status: number }[];
  readonly receipts: SmscReceipt[];
  /** enquire_link received from clients */
  enquireLinks(): number;
  /** the most submit_sm one session ever had outstanding at once */
  maxOutstanding(): number;
  /** sessions currently bound */
  boundSessions(): number;
  /** whole SMS reassembled from the parts (by destination and concatenation ref) */
  messages(): SmscMessage[];
  /** how many distinct SMS arrived (a concatenated one counts once) */
  distinctSms(): number;
  /** receipts not yet acknowledged by any session */
  pendingReceipts(): number;
  /** the next `n` submit_sm are answered ESME_RTHROTTLED */
  throttleSubmits(n: number): void;
  /** the next `n` binds are refused with `status` (default ESME_RBINDFAIL; ESME_RTHROTTLED for a throttled bind) */
  refuseBinds(n: number, status?: number): void;
  /** answer submit_sm only after `ms` (0: at once) */
  delaySubmitResponses(ms: number): void;
  /** withhold every submit_sm_resp until the returned function is called (then all are answered) */
  holdSubmitResponses(): () => void;
  /** after the next `k` submit_sm (answers withheld meanwhile), close the connection without answering them; they count as accepted (receipts follow to the next session) unless `accepted: false` */
  dropAfterSubmits(k: number, opts?: { accepted?: boolean }): void;
  /** destinations starting with `prefix`: refused at submit (ESME_RINVDSTADR) or accepted with an UNDELIV receipt */
  failDestinations(prefix: string, mode?: 'submit' | 'receipt'): void;
  setReceiptDelay(ms: number): void;
  /** the server unbinds every session */
  unbindAll(): void;
  /**
   * A mobile-originated SMS (上行短信) from `from` to a bound session of `systemId` (default the server's): a
   * deliver_sm with esm_class 0, UCS-2; resolves with the ESME's answer status (0 = recorded)
   */
  sendReply(from: string, text: string, systemId?: string): Promise<number>;
  /** resolves when `predicate` holds, checked on every event (rejects after `timeoutMs`, default 10 s) */
  until(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface SessionState {
  n: number;
  session: Session;
  systemId?: string;
  bound: boolean;
  outstanding: number;
  closed: boolean;
}

interface HeldResponse {
  state: SessionState;
  pdu: PDU;
  status: number;
  messageId?: string;
  submit: SmscSubmit;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** YYMMDDhhmm in UTC */
function receiptDate(d: Date): string {
  return `${pad(d.getUTCFullYear() % 100)}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}`;
}

function textOf(sm: unknown): string {
  if (typeof sm === 'string') return sm;
  if (Buffer.isBuffer(sm)) return sm.toString('latin1');
  if (sm && typeof sm === 'object' && 'message' in sm) return textOf((sm as { message: unknown }).message);
  return '';
}

function concatOf(sm: unknown): SmscSubmit['udh'] {
  if (!sm || typeof sm !== 'object' || !('udh' in sm)) return undefined;
  const ies = (sm as { udh?: Buffer[] }).udh ?? [];
  for (const ie of ies) {
    if (ie[0] === 0x00 && ie[1] === 3 && ie.length >= 5) {
      const bytes = [ies.reduce((n, x) => n + x.length, 0), ...ies.flatMap((x) => [...x])];
      return { ref: ie[2] as number, total: ie[3] as number, seq: ie[4] as number, bytes };
    }
  }
  return undefined;
}

export async function startSmppTestServer(options: SmppTestServerOptions = {}): Promise<SmppTestServer> {
  const systemId = options.systemId ?? 'yichuang';
  const password = options.password ?? 'secret';
  const clock = new Clock();
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const submits: SmscSubmit[] = [];
  const binds: { systemId: string; status: number }[] = [];
  const receipts: SmscReceipt[] = [];
  const sessions = new Set<SessionState>();
  const timers = new Set<NodeJS.Timeout>();
  let sessionCount = 0;
  let messageSeq = 0;
  let enquireLinks = 0;
  let maxOutstanding = 0;
  let throttle = 0;
  let refuse = { n: 0, status: BINDFAIL };
  let responseDelayMs = 0;
  let holding: HeldResponse[] | undefined;
  let drop: { k: number; accepted: boolean; held: HeldResponse[] } | undefined;
  const failing: { prefix: string; mode: 'submit' | 'receipt' }[] = [];
  let receiptDelayMs = options.receiptDelayMs ?? 0;
  const receiptRetryMs = options.receiptRetryMs ?? 20;
  const sendReceipts = options.receipts ?? true;
  /** receipts waiting for a bound session of their system_id */
  const waiting: SmscReceipt[] = [];
  let closing = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const emit = (name: string, value?: unknown) => events.emit(name, value);

  const respond = (h: HeldResponse) => {
    h.state.outstanding--;
    if (h.state.closed) return;
    h.state.session.send(h.pdu.response(h.status === ROK ? { message_id: h.messageId, command_status: 0 } : { command_status: h.status }));
    if (h.status === ROK && h.messageId) scheduleReceipt(h.submit, h.state.systemId ?? '');
  };

  const scheduleReceipt = (s: SmscSubmit, sid: string) => {
    if (!sendReceipts || !s.messageId) return;
    const undeliv = failing.some((f) => f.mode === 'receipt' && s.destination.startsWith(f.prefix));
    const r: SmscReceipt = {
      messageId: s.messageId,
      destination: s.destination,
      systemId: sid,
      stat: undeliv ? 'UNDELIV' : 'DELIVRD',
      err: undeliv ? '001' : '000',
      userMessageReference: s.userMessageReference,
      sent: 0,
      acknowledged: false,
    };
    receipts.push(r);
    later(receiptDelayMs, () => deliverReceipt(r, sessionFor(s.session, sid)));
  };

  const sessionFor = (n: number, sid: string): SessionState | undefined => {
    const same = [...sessions].find((x) => x.n === n && x.bound && !x.closed);
    return same ?? [...sessions].find((x) => x.bound && !x.closed && x.systemId === sid);
  };

  const deliverReceipt = (r: SmscReceipt, state: SessionState | undefined) => {
    if (closing || r.acknowledged) return;
    if (!state || state.closed || !state.bound) {
      if (!waiting.includes(r)) waiting.push(r);
      return;
    }
    const now = clock.now();
    r.sent++;
    const sent = state.session.deliver_sm(
      {
        source_addr_ton: 2,
        source_addr_npi: 1,
        source_addr: r.destination,
        dest_addr_ton: 0,
        dest_addr_npi: 1,
        destination_addr: '',
        esm_class: 4,
        data_coding: 0,
        short_message: `id:${r.messageId} sub:001 dlvrd:${r.stat === 'DELIVRD' ? '001' : '000'} submit date:${receiptDate(now)} done date:${receiptDate(now)} stat:${r.stat} err:${r.err} text:`,
        receipted_message_id: r.messageId,
        message_state: r.stat === 'DELIVRD' ? 2 : 5,
        ...(r.userMessageReference !== undefined ? { user_message_reference: r.userMessageReference } : {}),
      },
      (resp: PDU) => {
        if (resp.command_status === ROK) {
          r.acknowledged = true;
          emit('receipt_acked', r);
        } else {
          later(receiptRetryMs, () => deliverReceipt(r, sessionFor(state.n, r.systemId)));
        }
      },
    );
    if (!sent) {
      r.sent--;
      if (!waiting.includes(r)) waiting.push(r);
      return;
    }
    // a session that closes before answering: the receipt waits for the next bind (see onClose)
    inFlightReceipts.set(r, state);
  };
  const inFlightReceipts = new Map<SmscReceipt, SessionState>();

  const flushWaiting = (state: SessionState) => {
    for (const r of waiting.splice(0)) {
      if (r.systemId === state.systemId) deliverReceipt(r, state);
      else waiting.push(r);
    }
  };

  const onSubmit = (state: SessionState, pdu: PDU) => {
    if (!state.bound) {
      state.session.send(pdu.response({ command_status: INVBNDSTS }));
      return;
    }
    state.outstanding++;
    maxOutstanding = Math.max(maxOutstanding, state.outstanding);
    const destination = String(pdu['destination_addr'] ?? '');
    let status = ROK;
    if (throttle > 0) {
      throttle--;
      status = THROTTLED;
    } else if (failing.some((f) => f.mode === 'submit' && destination.startsWith(f.prefix))) {
      status = INVDSTADR;
    }
    const submit: SmscSubmit = {
      session: state.n,
      systemId: state.systemId ?? '',
      sourceAddr: String(pdu['source_addr'] ?? ''),
      destination,
      destTon: Number(pdu['dest_addr_ton'] ?? 0),
      destNpi: Number(pdu['dest_addr_npi'] ?? 0),
      dataCoding: Number(pdu['data_coding'] ?? 0),
      esmClass: Number(pdu['esm_class'] ?? 0),
      registeredDelivery: Number(pdu['registered_delivery'] ?? 0),
      text: textOf(pdu['short_message']),
      udh: concatOf(pdu['short_message']),
      userMessageReference: typeof pdu['user_message_reference'] === 'number' ? (pdu['user_message_reference'] as number) : undefined,
      status,
      messageId: status === ROK ? `M${(++messageSeq).toString(16).padStart(8, '0')}` : undefined,
      outstandingAtArrival: state.outstanding,
    };
    submits.push(submit);
    const held: HeldResponse = { state, pdu, status, messageId: submit.messageId, submit };
    emit('submit', submit);
    if (drop) {
      drop.held.push(held);
      if (--drop.k <= 0) {
        const d = drop;
        drop = undefined;
        for (const h of d.held) {
          h.state.outstanding--;
          if (d.accepted && h.status === ROK) scheduleReceipt(h.submit, h.state.systemId ?? '');
          else if (!d.accepted) h.submit.messageId = undefined;
        }
        state.session.destroy();
      }
      return;
    }
    if (holding) holding.push(held);
    else if (responseDelayMs > 0) later(responseDelayMs, () => respond(held));
    else respond(held);
  };

  const onBind = (state: SessionState, pdu: PDU) => {
    const sid = String(pdu['system_id'] ?? '');
    let status = ROK;
    if (state.bound) status = E['ESME_RALYBND'] as number;
    else if (refuse.n > 0) {
      refuse.n--;
      status = refuse.status;
    } else if (sid !== systemId) status = E['ESME_RINVSYSID'] as number;
    else if (String(pdu['password'] ?? '') !== password) status = INVPASWD;
    binds.push({ systemId: sid, status });
    state.session.send(pdu.response(status === ROK ? { system_id: 'YCSMSC', command_status: 0 } : { command_status: status }));
    if (status === ROK) {
      state.bound = true;
      state.systemId = sid;
      flushWaiting(state);
    }
    emit('bind', { systemId: sid, status });
  };

  const server = smpp.createServer((session: Session) => {
    const state: SessionState = { n: ++sessionCount, session, bound: false, outstanding: 0, closed: false };
    sessions.add(state);
    session.on('error', () => session.destroy());
    session.on('close', () => {
      state.closed = true;
      state.bound = false;
      sessions.delete(state);
      for (const [r, s] of inFlightReceipts) {
        if (s === state) {
          inFlightReceipts.delete(r);
          if (!r.acknowledged && !waiting.includes(r)) waiting.push(r);
        }
      }
      if (holding) holding = holding.filter((h) => h.state !== state);
      emit('closed', state.n);
    });
    session.on('pdu', (pdu: PDU) => {
      if (pdu.isResponse()) return;
      switch (pdu.command) {
        case 'bind_transceiver':
        case 'bind_transmitter':
        case 'bind_receiver':
          onBind(state, pdu);
          return;
        case 'submit_sm':
          onSubmit(state, pdu);
          return;
        case 'enquire_link':
          enquireLinks++;
          session.send(pdu.response());
          emit('enquire_link', enquireLinks);
          return;
        case 'unbind':
          state.bound = false;
          session.send(pdu.response(), () => session.close());
          return;
        default:
          session.send(pdu.response({ command_status: E['ESME_RINVCMDID'] }));
      }
    });
    emit('session', state.n);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  const messages = (): SmscMessage[] => {
    const out: SmscMessage[] = [];
    const open = new Map<string, { msg: SmscMessage; seqs: Map<number, SmscSubmit> }>();
    for (const s of submits) {
      if (!s.messageId) continue; // refused: the phone never sees it
      if (!s.udh || s.udh.total <= 1) {
        out.push({ destination: s.destination, text: s.text, parts: 1, complete: true, messageIds: [s.messageId], userMessageReference: s.userMessageReference });
        continue;
      }
      const key = `${s.destination}|${s.udh.ref}|${s.udh.total}`;
      let group = open.get(key);
      if (!group || group.seqs.has(s.udh.seq)) {
        group = { msg: { destination: s.destination, text: '', parts: s.udh.total, complete: false, messageIds: [], userMessageReference: s.userMessageReference }, seqs: new Map() };
        open.set(key, group);
        out.push(group.msg);
      }
      group.seqs.set(s.udh.seq, s);
      const ordered = [...group.seqs.entries()].sort((a, b) => a[0] - b[0]).map(([, x]) => x);
      group.msg.text = ordered.map((x) => x.text).join('');
      group.msg.messageIds = ordered.map((x) => x.messageId as string);
      group.msg.complete = group.seqs.size === s.udh.total;
      if (group.msg.complete) open.delete(key);
    }
    return out;
  };

  return {
    url: `smpp://127.0.0.1:${port}`,
    port,
    systemId,
    password,
    events,
    submits,
    binds,
    receipts,
    enquireLinks: () => enquireLinks,
    maxOutstanding: () => maxOutstanding,
    boundSessions: () => [...sessions].filter((s) => s.bound && !s.closed).length,
    messages,
    distinctSms: () => messages().length,
    pendingReceipts: () => receipts.filter((r) => !r.acknowledged).length,
    throttleSubmits: (n) => {
      throttle = n;
    },
    refuseBinds: (n, status = BINDFAIL) => {
      refuse = { n, status };
    },
    delaySubmitResponses: (ms) => {
      responseDelayMs = ms;
    },
    holdSubmitResponses: () => {
      const held: HeldResponse[] = [];
      holding = held;
      return () => {
        const all = holding ?? held;
        holding = undefined;
        for (const h of all) respond(h);
      };
    },
    dropAfterSubmits: (k, opts = {}) => {
      drop = { k, accepted: opts.accepted ?? true, held: [] };
    },
    failDestinations: (prefix, mode = 'submit') => {
      failing.push({ prefix, mode });
    },
    setReceiptDelay: (ms) => {
      receiptDelayMs = ms;
    },
    unbindAll: () => {
      for (const s of sessions) if (s.bound && !s.closed) s.session.unbind();
    },
    until: (predicate, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate()) return resolve();
        const names = ['submit', 'bind', 'enquire_link', 'session', 'closed', 'receipt_acked'];
        const check = () => {
          if (!predicate()) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error('SMPP test server: condition not met in time'));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          for (const n of names) events.off(n, check);
        };
        for (const n of names) events.on(n, check);
      }),
    sendReply: (from, text, sid = systemId) =>
      new Promise<number>((resolve, reject) => {
        const state = [...sessions].find((x) => x.bound && !x.closed && x.systemId === sid);
        if (!state) {
          reject(new Error(`SMPP test server: no bound session of ${sid} to deliver a reply to`));
          return;
        }
        state.session.deliver_sm(
          {
            source_addr_ton: 1,
            source_addr_npi: 1,
            source_addr: from,
            dest_addr_ton: 0,
            dest_addr_npi: 1,
            destination_addr: '10690000',
            esm_class: 0,
            data_coding: 8,
            short_message: Buffer.from(text, 'utf16le').swap16(),
          },
          (resp: PDU) => resolve(resp.command_status),
        );
      }),
    close: async () => {
      closing = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sessions) s.session.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
