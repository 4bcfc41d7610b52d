/**
 * SMS over SMPP 3.4 (an aggregator's or carrier's SMSC), with the `smpp` package as the wire codec.
 *
 * One transceiver session: bind_transceiver on start, reconnect with exponential back-off whenever the connection
 * drops or a bind fails, enquire_link keep-alive (a link that stops answering is closed and re-bound), the SMSC's
 * enquire_link and unbind answered. submit_sm with `registered_delivery: 1` and our attempt's client reference as the
 * `user_message_reference` TLV; at most `window` submit_sm outstanding. Delivery receipts (`deliver_sm`, esm_class
 * 0x04) go to the sink and are acknowledged only once the sink recorded them (ESME_RX_T_APPN otherwise, so the SMSC
 * delivers the receipt again).
 *
 * Exactly once: `user_message_reference` is two octets, so the client reference is a 16-bit number derived from the
 * attempt id (`reference()`); it is not unique on its own. A receipt for an attempt whose submit_sm_resp was lost
 * (timeout, dropped connection, restart) is matched by (clientRef, destination phone): the SMSC echoes the reference
 * and names the phone as the receipt's source_addr.
 */
import { EventEmitter } from 'node:events';
import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import smpp from 'smpp';
import type { PDU, Session } from 'smpp';
import { maskPhone } from '@yichuang/domain';
import type { NotificationEnv } from '../../config.js';
import { MessageProvider, type InboundReceipt, type OutboundMessage, type ReceiptSink, type ReplySink, type SendResult } from '../provider.js';
import { parseReceipt, parseReply } from './smpp-receipt.js';
import { segmentSms } from './smpp-segments.js';

export interface SmppProviderOptions {
  /** `smpp://host:port` or `ssmpp://host:port` (TLS) */
  url: string;
  systemId: string;
  /** never logged */
  password: string;
  systemType?: string;
  /** the sender number / service code (服务代码) */
  sourceAddr: string;
  /** most submit_sm outstanding at once (default 10) */
  window?: number;
  /** enquire_link interval (default 30 s) */
  enquireLinkMs?: number;
  /** first reconnect wait, doubling up to reconnectMaxMs (defaults 1 s / 60 s) */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** how long one send may take in all (window wait + every part's submit_sm_resp); also the bind and enquire_link timeout (default 10 s) */
  sendTimeoutMs?: number;
  /** provider name recorded on attempts (default `smpp`) */
  name?: string;
  /** source TON/NPI (default: digits → 0/1, otherwise alphanumeric 5/0) */
  sourceTon?: number;
  sourceNpi?: number;
  /** how many part ids are remembered for matching receipts (default 100 000, oldest forgotten first) */
  receiptMemory?: number;
}

export interface SmppProviderState {
  connected: boolean;
  bound: boolean;
  /** submit_sm sent and not yet answered */
  outstanding: number;
  /** reconnect attempts since start */
  reconnects: number;
  lastError?: string;
}

const E: Record<string, number> = smpp.errors;
const STATUS_NAME = new Map<number, string>(Object.entries(E).map(([name, code]) => [code, name]));

/** `ESME_RINVDSTADR (0x0b)` */
export function commandStatusName(status: number): string {
  return `${STATUS_NAME.get(status) ?? 'ESME_UNKNOWN'} (0x${status.toString(16).padStart(2, '0')})`;
}

/** submit_sm answers that can never succeed for this message (the number, the sender, the content, the account) */
const PERMANENT = new Set<number>(
  [
    'ESME_RINVDSTADR',
    'ESME_RINVSRCADR',
    'ESME_RINVDSTTON',
    'ESME_RINVDSTNPI',
    'ESME_RINVSRCTON',
    'ESME_RINVSRCNPI',
    'ESME_RINVMSGLEN',
    'ESME_RINVESMCLASS',
    'ESME_RINVDCS',
    'ESME_RINVREGDLVFLG',
    'ESME_RINVSERTYP',
    'ESME_RX_P_APPN',
    'ESME_RX_R_APPN',
    'ESME_RPROHIBITED',
    'ESME_RSERTYPUNAUTH',
    'ESME_RSERTYPDENIED',
    'ESME_RINVNUMDESTS',
  ].map((n) => E[n] as number),
);
/** the SMSC is busy: try again in a while */
const BUSY = new Set<number>([E['ESME_RTHROTTLED'] as number, E['ESME_RMSGQFUL'] as number]);
const BUSY_RETRY_AFTER_MS = 1_000;
const ESME_RX_T_APPN = E['ESME_RX_T_APPN'] as number;
const ESME_RINVCMDID = E['ESME_RINVCMDID'] as number;

/** TON/NPI of the destination: national ISDN numbers (11-digit mobile numbers), international when given with `+` */
const DEST_TON_NATIONAL = 2;
const DEST_TON_INTERNATIONAL = 1;
const NPI_ISDN = 1;

/** one message's parts, for matching receipts to it */
interface MessageTrack {
  clientRef: string;
  to: string;
  /** message_id per part (index = part − 1), filled as submit_sm_resp arrive (late ones too) */
  ids: (string | undefined)[];
}

interface PartRef {
  track: MessageTrack;
  part: number;
}

type PartOutcome = { kind: 'resp'; status: number; messageId?: string } | { kind: 'timeout' } | { kind: 'dropped' } | { kind: 'not_sent' };

interface InFlight {
  session: Session;
  drop(): void;
}

/** A FIFO counting semaphore whose waits end at a deadline. */
class SendWindow {
  private used = 0;
  private waiters: { resolve: (ok: boolean) => void; timer: NodeJS.Timeout }[] = [];

  constructor(readonly size: number) {}

  get inUse(): number {
    return this.used;
  }

  acquire(deadline: number): Promise<boolean> {
    if (this.used < this.size && this.waiters.length === 0) {
      this.used++;
      return Promise.resolve(true);
    }
    const remaining = deadline - performance.now();
    if (remaining <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        resolve,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve(false);
        }, remaining),
      };
      this.waiters.push(waiter);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) {
      clearTimeout(next.timer);
      next.resolve(true); // the slot passes to the next waiter
    } else if (this.used > 0) {
      this.used--;
    }
  }

  /** every waiter answers "no slot" (stop) */
  cancelWaiters(): void {
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(false);
    }
  }
}

export class SmppSmsProvider extends MessageProvider {
  readonly name: string;
  readonly channel = 'sms' as const;
  /** `bound`, `bind_failed` (status), `disconnected`, `late_response` (message_id), `receipt` (InboundReceipt), `reply` (ParsedReply) */
  readonly events = new EventEmitter();

  private readonly logger = new Logger('SmppSmsProvider');
  private readonly opts: Required<Omit<SmppProviderOptions, 'name' | 'systemType' | 'sourceTon' | 'sourceNpi'>> & {
    systemType: string;
    sourceTon: number;
    sourceNpi: number;
  };
  private readonly window: SendWindow;
  private readonly tls: boolean;

  private sink?: ReceiptSink;
  private replies?: ReplySink;
  private session?: Session;
  private connected = false;
  private bound = false;
  private stopped = true;
  private failures = 0;
  private reconnects = 0;
  private lastError?: string;
  private reconnectTimer?: NodeJS.Timeout;
  private bindTimer?: NodeJS.Timeout;
  private enquireTimer?: NodeJS.Timeout;
  private enquirePending?: NodeJS.Timeout;
  private readonly inflight = new Set<InFlight>();
  /** part message_id → the message it belongs to (insertion-ordered: the oldest are forgotten first) */
  private readonly parts = new Map<string, PartRef>();
  private concatRef = Math.floor(Math.random() * 256);

  constructor(options: SmppProviderOptions) {
    super();
    this.name = options.name ?? 'smpp';
    const numericSource = /^\d+$/.test(options.sourceAddr);
    this.opts = {
      url: options.url,
      systemId: options.systemId,
      password: options.password,
      systemType: options.systemType ?? '',
      sourceAddr: options.sourceAddr,
      window: options.window ?? 10,
      enquireLinkMs: options.enquireLinkMs ?? 30_000,
      reconnectMinMs: options.reconnectMinMs ?? 1_000,
      reconnectMaxMs: Math.max(options.reconnectMaxMs ?? 60_000, options.reconnectMinMs ?? 1_000),
      sendTimeoutMs: options.sendTimeoutMs ?? 10_000,
      receiptMemory: options.receiptMemory ?? 100_000,
      sourceTon: options.sourceTon ?? (numericSource ? 0 : 5),
      sourceNpi: options.sourceNpi ?? (numericSource ? 1 : 0),
    };
    this.window = new SendWindow(this.opts.window);
    this.tls = /^ssmpp:/i.test(options.url);
  }

  /** A deterministic 16-bit number (as a decimal string) for the `user_message_reference` TLV. */
  override reference(attemptId: string): string {
    return String(createHash('sha256').update(attemptId).digest().readUInt16BE(0));
  }

  state(): SmppProviderState {
    return {
      connected: this.connected,
      bound: this.bound,
      outstanding: this.inflight.size,
      reconnects: this.reconnects,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Connects and binds; resolves once the first bind succeeded or failed (later attempts go on in the background). */
  override start(sink: ReceiptSink, replies?: ReplySink): Promise<void> {
    this.sink = sink;
    this.replies = replies;
    if (!this.stopped) return Promise.resolve();
    this.stopped = false;
    const first = new Promise<void>((resolve) => {
      const done = () => {
        this.events.off('bound', done);
        this.events.off('bind_failed', done);
        this.events.off('disconnected', done);
        resolve();
      };
      this.events.on('bound', done);
      this.events.on('bind_failed', done);
      this.events.on('disconnected', done);
    });
    this.connect();
    return first;
  }

  /** Unbinds and closes; no reconnect afterwards. Sends in flight answer `unknown`, sends waiting for a slot `temporary_failure`. */
  override async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    this.window.cancelWaiters();
    const session = this.session;
    if (!session) return;
    const graceMs = Math.min(this.opts.sendTimeoutMs, 2_000);
    if (this.bound) {
      this.bound = false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        const sent = session.unbind({}, () => {
          clearTimeout(timer);
          resolve();
        });
        if (!sent) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
    if (session.socket.closed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => session.destroy(), graceMs);
      session.socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      if (this.connected) session.close();
      else session.destroy();
    });
  }

  override async probe(): Promise<boolean> {
    const session = this.session;
    if (!this.bound || !session) return false;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), Math.min(this.opts.sendTimeoutMs, 5_000));
      const sent = session.enquire_link({}, (resp: PDU) => {
        clearTimeout(timer);
        resolve(resp.command_status === 0);
      });
      if (!sent) {
        clearTimeout(timer);
        resolve(false);
      }
    });
  }

  override async send(message: OutboundMessage): Promise<SendResult> {
    const progress = { mayHaveLeft: false };
    try {
      return await this.sendParts(message, progress);
    } catch (e) {
      const reason = `smpp send failed: ${e instanceof Error ? e.message : String(e)}`;
      this.logger.warn(`${reason} (to ${maskPhone(message.to)})`);
      return progress.mayHaveLeft ? { status: 'unknown', reason } : { status: 'temporary_failure', reason };
    }
  }

  private async sendParts(message: OutboundMessage, progress: { mayHaveLeft: boolean }): Promise<SendResult> {
    const deadline = performance.now() + this.opts.sendTimeoutMs;
    if (this.stopped || !this.bound || !this.session) {
      return { status: 'temporary_failure', reason: `not bound to the SMSC${this.lastError ? ` (${this.lastError})` : ''}` };
    }
    const sms = segmentSms(message.content, this.nextConcatRef());
    const total = sms.segments.length;
    const umr = this.userMessageReference(message);
    const international = message.to.startsWith('+');
    const track: MessageTrack = { clientRef: message.clientRef, to: message.to, ids: [] };
    const partName = (n: number) => (total > 1 ? ` (part ${n}/${total}; ${n - 1} accepted before)` : '');

    for (const seg of sms.segments) {
      if (!(await this.window.acquire(deadline))) {
        // this part never left; earlier parts did: a retry sends the whole text again, better than a fragment only
        return { status: 'temporary_failure', reason: `${this.stopped ? 'provider stopped' : `no free window slot within ${this.opts.sendTimeoutMs} ms`}${partName(seg.seq)}` };
      }
      const session = this.session;
      if (!this.bound || !session) {
        this.window.release();
        return { status: 'temporary_failure', reason: `not bound to the SMSC${partName(seg.seq)}` };
      }
      const params: Record<string, unknown> = {
        service_type: '',
        source_addr_ton: this.opts.sourceTon,
        source_addr_npi: this.opts.sourceNpi,
        source_addr: this.opts.sourceAddr,
        dest_addr_ton: international ? DEST_TON_INTERNATIONAL : DEST_TON_NATIONAL,
        dest_addr_npi: NPI_ISDN,
        destination_addr: international ? message.to.slice(1) : message.to,
        esm_class: sms.esmClass,
        registered_delivery: 1,
        data_coding: sms.dataCoding,
        short_message: seg.bytes,
        user_message_reference: umr,
      };
      progress.mayHaveLeft = true;
      const outcome = await this.submitPart(session, params, deadline, track, seg.seq);
      switch (outcome.kind) {
        case 'not_sent':
          if (seg.seq === 1) progress.mayHaveLeft = false;
          return { status: 'temporary_failure', reason: `connection lost before submit_sm was sent${partName(seg.seq)}` };
        case 'timeout':
          return { status: 'unknown', reason: `no submit_sm_resp within ${this.opts.sendTimeoutMs} ms${partName(seg.seq)}` };
        case 'dropped':
          return { status: 'unknown', reason: `connection dropped while submit_sm was outstanding${partName(seg.seq)}` };
        case 'resp': {
          if (outcome.status === 0) break;
          const reason = `submit_sm refused: ${commandStatusName(outcome.status)}${partName(seg.seq)}`;
          this.logger.warn(`${reason} to ${maskPhone(message.to)}`);
          if (PERMANENT.has(outcome.status)) return { status: 'permanent_failure', reason };
          if (BUSY.has(outcome.status)) return { status: 'temporary_failure', reason, retryAfterMs: BUSY_RETRY_AFTER_MS };
          return { status: 'temporary_failure', reason };
        }
      }
    }
    return { status: 'sending', providerMessageId: track.ids[0] ?? '' };
  }

  /** Sends one submit_sm and waits for its answer, the deadline, or the connection's end; the window slot is held meanwhile. */
  private submitPart(session: Session, params: Record<string, unknown>, deadline: number, track: MessageTrack, part: number): Promise<PartOutcome> {
    return new Promise<PartOutcome>((resolve) => {
      let settled = false;
      let slotHeld = true;
      const releaseSlot = () => {
        if (slotHeld) {
          slotHeld = false;
          this.window.release();
        }
      };
      const settle = (outcome: PartOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const entry: InFlight = {
        session,
        drop: () => {
          this.inflight.delete(entry);
          releaseSlot();
          settle({ kind: 'dropped' });
        },
      };
      const timer = setTimeout(
        () => {
          releaseSlot(); // the answer is given up; a late one is still matched (the entry stays in flight)
          settle({ kind: 'timeout' });
        },
        Math.max(1, deadline - performance.now()),
      );
      const pdu = new smpp.PDU('submit_sm', params);
      const sent = session.send(pdu, (resp: PDU) => {
        this.inflight.delete(entry);
        releaseSlot();
        const messageId = typeof resp['message_id'] === 'string' ? (resp['message_id'] as string) : undefined;
        if (resp.command_status === 0 && messageId) this.rememberPart(messageId, track, part);
        if (settled) {
          // the send already answered `unknown`: keep the id so the receipt still finds the message
          this.logger.warn(`late submit_sm_resp ${commandStatusName(resp.command_status)} message_id ${messageId ?? '-'} for ${maskPhone(track.to)}`);
          this.events.emit('late_response', messageId);
          return;
        }
        settle({ kind: 'resp', status: resp.command_status, messageId });
      });
      if (!sent) {
        releaseSlot();
        settle({ kind: 'not_sent' });
        return;
      }
      this.inflight.add(entry);
    });
  }

  private rememberPart(messageId: string, track: MessageTrack, part: number): void {
    track.ids[part - 1] = messageId;
    this.parts.set(messageId, { track, part });
    while (this.parts.size > this.opts.receiptMemory) {
      const oldest = this.parts.keys().next().value;
      if (oldest === undefined) break;
      this.parts.delete(oldest);
    }
  }

  private userMessageReference(message: OutboundMessage): number {
    const n = Number(message.clientRef);
    return Number.isInteger(n) && n >= 0 && n <= 0xffff ? n : Number(this.reference(message.attemptId));
  }

  private nextConcatRef(): number {
    this.concatRef = (this.concatRef + 1) & 0xff;
    return this.concatRef;
  }

  /* ---------------- connection ---------------- */

  private connect(): void {
    if (this.stopped) return;
    const session = smpp.connect({ url: this.opts.url });
    this.session = session;
    this.connected = false;
    this.bound = false;
    session.on(this.tls ? 'secureConnect' : 'connect', () => {
      if (session !== this.session) return;
      this.connected = true;
      this.bind(session);
    });
    session.on('error', (e: Error) => {
      this.lastError = e.message;
      this.logger.warn(`SMSC connection error: ${e.message}`);
      // a socket error closes the connection anyway; after an undecodable PDU the smpp package stops reading: start over
      session.destroy();
    });
    session.on('close', () => this.onClose(session));
    session.on('pdu', (pdu: PDU) => this.onPdu(session, pdu));
  }

  private bind(session: Session): void {
    this.bindTimer = setTimeout(() => {
      this.lastError = `no bind_transceiver_resp within ${this.opts.sendTimeoutMs} ms`;
      session.destroy();
    }, this.opts.sendTimeoutMs);
    const sent = session.bind_transceiver(
      { system_id: this.opts.systemId, password: this.opts.password, system_type: this.opts.systemType, interface_version: 0x34 },
      (resp: PDU) => {
        clearTimeout(this.bindTimer);
        this.bindTimer = undefined;
        if (session !== this.session || this.stopped) return;
        if (resp.command_status === 0) {
          this.bound = true;
          this.failures = 0;
          this.lastError = undefined;
          this.startEnquireLink(session);
          this.logger.log(`bound to ${this.opts.url} as ${this.opts.systemId}`);
          this.events.emit('bound');
        } else {
          this.lastError = `bind refused: ${commandStatusName(resp.command_status)}`;
          this.logger.warn(`${this.lastError} (${this.opts.url} as ${this.opts.systemId})`);
          this.events.emit('bind_failed', resp.command_status);
          session.close();
        }
      },
    );
    if (!sent) session.destroy();
  }

  private onClose(session: Session): void {
    for (const entry of [...this.inflight]) if (entry.session === session) entry.drop();
    if (session !== this.session) return;
    const wasConnected = this.connected;
    this.session = undefined;
    this.connected = false;
    this.bound = false;
    this.clearTimers();
    if (wasConnected) this.logger.warn(`SMSC connection closed${this.stopped ? '' : ', reconnecting'}`);
    this.events.emit('disconnected');
    if (!this.stopped) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.min(this.opts.reconnectMaxMs, this.opts.reconnectMinMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    this.reconnects++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay);
  }

  private startEnquireLink(session: Session): void {
    this.enquireTimer = setInterval(() => {
      if (session !== this.session || !this.bound || this.enquirePending) return;
      this.enquirePending = setTimeout(() => {
        this.enquirePending = undefined;
        this.lastError = 'enquire_link unanswered';
        this.logger.warn(`enquire_link unanswered within ${this.opts.sendTimeoutMs} ms: closing the connection`);
        session.destroy();
      }, this.opts.sendTimeoutMs);
      const sent = session.enquire_link({}, () => {
        clearTimeout(this.enquirePending);
        this.enquirePending = undefined;
      });
      if (!sent) {
        clearTimeout(this.enquirePending);
        this.enquirePending = undefined;
      }
    }, this.opts.enquireLinkMs);
  }

  private clearTimers(): void {
    for (const t of [this.reconnectTimer, this.bindTimer, this.enquirePending]) if (t) clearTimeout(t);
    if (this.enquireTimer) clearInterval(this.enquireTimer);
    this.reconnectTimer = this.bindTimer = this.enquirePending = this.enquireTimer = undefined;
  }

  private onPdu(session: Session, pdu: PDU): void {
    if (pdu.isResponse()) return;
    switch (pdu.command) {
      case 'enquire_link':
        session.send(pdu.response());
        return;
      case 'unbind':
        this.logger.warn('the SMSC unbound the session');
        if (session === this.session) this.bound = false;
        session.send(pdu.response(), () => session.close());
        return;
      case 'deliver_sm':
        void this.onDeliver(session, pdu);
        return;
      case 'alert_notification':
      case 'outbind':
        return;
      default:
        session.send(new smpp.PDU('generic_nack', { sequence_number: pdu.sequence_number, command_status: ESME_RINVCMDID }));
    }
  }

  /**
   * A receipt goes to the receipt sink, a reply (上行短信) to the reply sink; each is acknowledged once recorded, else
   * answered ESME_RX_T_APPN so that the SMSC delivers it again. Without a reply sink replies are acknowledged and dropped.
   */
  private async onDeliver(session: Session, pdu: PDU): Promise<void> {
    const reply = parseReply(pdu);
    if (reply) {
      if (!this.replies) {
        session.send(pdu.response());
        return;
      }
      try {
        await this.replies(this.name, reply);
        session.send(pdu.response());
        this.events.emit('reply', reply);
      } catch (e) {
        this.logger.warn(`reply from ${maskPhone(reply.from)} not recorded (${e instanceof Error ? e.message : String(e)}): asking the SMSC to deliver it again`);
        session.send(pdu.response({ command_status: ESME_RX_T_APPN }));
      }
      return;
    }
    const parsed = parseReceipt(pdu);
    if (!parsed || parsed.outcome === 'ignore' || !parsed.messageId) {
      session.send(pdu.response());
      return;
    }
    const known = this.parts.get(parsed.messageId);
    if (known) this.parts.delete(parsed.messageId);
    // a later part's receipt decides nothing unless it reports a failure (the first part's receipt decides)
    if (known && known.part > 1 && parsed.outcome === 'delivered') {
      session.send(pdu.response());
      return;
    }
    const receipt: InboundReceipt = {
      providerMessageId: known ? (known.track.ids[0] ?? parsed.messageId) : parsed.messageId,
      clientRef: known ? known.track.clientRef : parsed.userMessageReference !== undefined ? String(parsed.userMessageReference) : undefined,
      to: known ? known.track.to : parsed.to,
      status: parsed.outcome,
      ...(parsed.outcome === 'permanent_failure' ? { reason: `${parsed.stat ?? 'failed'} err:${parsed.err ?? '-'}${known && known.part > 1 ? ` (part ${known.part})` : ''}` } : {}),
    };
    try {
      if (!this.sink) throw new Error('no receipt sink (provider not started)');
      await this.sink(this.name, receipt);
      session.send(pdu.response());
      this.events.emit('receipt', receipt);
    } catch (e) {
      if (known) this.parts.set(parsed.messageId, known); // the SMSC delivers it again
      this.logger.warn(`receipt for ${maskPhone(receipt.to ?? '')} not recorded (${e instanceof Error ? e.message : String(e)}): asking the SMSC to deliver it again`);
      session.send(pdu.response({ command_status: ESME_RX_T_APPN }));
    }
  }
}

/** The provider configured by SMPP_* (SMPP_URL and SMPP_SYSTEM_ID are required) and SMS_SEND_TIMEOUT_MS. */
export function smppProviderFromEnv(env: NotificationEnv): SmppSmsProvider {
  if (!env.SMPP_URL || !env.SMPP_SYSTEM_ID) throw new Error('SMS provider smpp needs SMPP_URL and SMPP_SYSTEM_ID');
  return new SmppSmsProvider({
    url: env.SMPP_URL,
    systemId: env.SMPP_SYSTEM_ID,
    password: env.SMPP_PASSWORD ?? '',
    systemType: env.SMPP_SYSTEM_TYPE,
    sourceAddr: env.SMPP_SOURCE_ADDR,
    window: env.SMPP_WINDOW,
    enquireLinkMs: env.SMPP_ENQUIRE_LINK_MS,
    reconnectMinMs: env.SMPP_RECONNECT_MIN_MS,
    reconnectMaxMs: env.SMPP_RECONNECT_MAX_MS,
    sendTimeoutMs: env.SMS_SEND_TIMEOUT_MS,
  });
}
