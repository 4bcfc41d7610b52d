import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { Events, type CaseAcceptedV1, type CertificatesIssuedV1, type EventEnvelope, type NoticeIssuedV1, type NotificationView, type TurnNearV1 } from '@yichuang/contracts';
import { maskPhone } from '@yichuang/domain';
import { OnEvent, Outbox, requestContext } from '@yichuang/platform';
import { NOTIFICATION_ENV } from '../tokens.js';
import type { NotificationEnv } from '../config.js';
import { Message, Recipient } from './message.entities.js';
import { SmsProvider } from './sms-provider.js';
import { caseAcceptedSms, oneTimeNoticeSms, resultReadySms, turnNearSms } from './templates.js';

const MAX_ATTEMPTS = 48;

interface WaitingMessage {
  id: string;
  case_no: string | null;
  template: string;
  recipient: string;
  content: string;
  correlation_id: string | null;
}

/**
 * SMS to applicants. Messages are created in the event handler's transaction with a unique dedupe key
 * (one SMS per case and template, however often the event arrives); a dispatcher sends them through the
 * provider (FOR UPDATE SKIP LOCKED: several instances never send the same message) and records the result.
 */
@Injectable()
export class MessagesService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messages');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NOTIFICATION_ENV) private readonly env: NotificationEnv,
    private readonly outbox: Outbox,
    private readonly sms: SmsProvider,
  ) {}

  @OnEvent({ event: Events.caseAccepted })
  async onCaseAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await tx.query(`INSERT INTO recipient (case_no, name, phone) VALUES ($1, $2, $3) ON CONFLICT (case_no) DO NOTHING`, [d.caseNo, d.applicant.name, d.applicant.phone]);
    const content = caseAcceptedSms(this.ctx(), { name: d.applicant.name, project: d.project.name, items: d.items.length, date: d.acceptedDate, caseNo: d.caseNo });
    await this.create(tx, d.caseNo, 'CASE_ACCEPTED', d.applicant.phone, content);
  }

  @OnEvent({ event: Events.certificatesIssued })
  async onCertificatesIssued(e: EventEnvelope<CertificatesIssuedV1>, tx: EntityManager): Promise<void> {
    const r = await tx.findOneBy(Recipient, { caseNo: e.data.caseNo });
    // events of different subjects may arrive out of order: retry until the case's recipient is known
    if (!r) throw new Error(`recipient of case ${e.data.caseNo} not known yet`);
    const content = resultReadySms(this.ctx(), { name: r.name, caseNo: e.data.caseNo, documents: e.data.certificates.map((c) => c.typeName) });
    await this.create(tx, e.data.caseNo, 'RESULT_READY', r.phone, content);
  }

  @OnEvent({ event: Events.noticeIssued })
  async onNoticeIssued(e: EventEnvelope<NoticeIssuedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const content = oneTimeNoticeSms(this.ctx(), { name: d.applicant.name, documentNo: d.documentNo, problems: d.problems });
    await this.create(tx, null, 'ONE_TIME_NOTICE', d.applicant.phone, content, `notice:${d.documentNo}`, d.applicationId);
  }

  @OnEvent({ event: Events.turnNear })
  async onTurnNear(e: EventEnvelope<TurnNearV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await this.create(tx, null, 'QUEUE_TURN_NEAR', d.phone, turnNearSms(this.ctx(), d), `queue:${d.ticketId}`, d.ticketId);
  }

  async listByCase(caseNo: string): Promise<NotificationView[]> {
    return this.views(await this.ds.getRepository(Message).find({ where: { caseNo }, order: { createdAt: 'ASC' } }));
  }

  async listByRef(ref: string): Promise<NotificationView[]> {
    return this.views(await this.ds.getRepository(Message).find({ where: { ref }, order: { createdAt: 'ASC' } }));
  }

  private views(list: Message[]): NotificationView[] {
    return list.map((m) => ({
      id: m.id,
      channel: m.channel,
      template: m.template,
      status: m.status,
      recipient: maskPhone(m.recipient),
      content: m.content,
      createdAt: m.createdAt.toISOString(),
      ...(m.sentAt ? { sentAt: m.sentAt.toISOString() } : {}),
    }));
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), 500);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private kick(): void {
    if (this.running || this.stopped) return;
    this.running = this.dispatch()
      .catch((err: unknown) => this.logger.warn(`dispatch failed: ${(err as Error).message}`))
      .finally(() => (this.running = undefined));
  }

  private async create(tx: EntityManager, caseNo: string | null, template: string, phone: string, content: string, dedupeKey = `${caseNo}:${template}`, ref: string | null = null): Promise<void> {
    await tx.query(
      `INSERT INTO message (id, case_no, channel, template, dedupe_key, recipient, content, status, created_at, correlation_id, ref)
       VALUES ($1, $2, 'sms', $3, $4, $5, $6, 'created', now(), $7, $8) ON CONFLICT (dedupe_key) DO NOTHING`,
      [randomUUID(), caseNo, template, dedupeKey, phone, content, requestContext.correlationId() ?? null, ref],
    );
    setImmediate(() => this.kick());
  }

  /** Send what is waiting, one message per transaction. */
  private async dispatch(): Promise<void> {
    for (let i = 0; i < 100 && !this.stopped; i++) {
      const sent = await this.ds.transaction(async (tx) => {
        const [m] = (await tx.query(
          `SELECT id, case_no, template, recipient, content, correlation_id FROM message
           WHERE status IN ('created', 'temporary_failure') AND attempts < ${MAX_ATTEMPTS}
           ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
        )) as WaitingMessage[];
        if (!m) return false;
        // the send and its event carry the correlation id of the request that caused the message
        await requestContext.run({ correlationId: m.correlation_id ?? m.id }, () => this.sendOne(tx, m));
        return true;
      });
      if (!sent) return;
    }
  }

  private async sendOne(tx: EntityManager, m: WaitingMessage): Promise<void> {
    const result = await this.sms.send(m.id, m.recipient, m.content);
    if (result.status === 'delivered') {
      const now = new Date();
      await tx.query(`UPDATE message SET status = 'delivered', attempts = attempts + 1, provider_id = $2, sent_at = $3 WHERE id = $1`, [m.id, result.providerId, now]);
      // the case's timeline records it; messages sent before a case exists have no case to tell
      if (m.case_no) {
        await this.outbox.add(tx, Events.messageSent, { messageId: m.id, caseNo: m.case_no, channel: 'sms', template: m.template, sentAt: now.toISOString() });
      }
    } else {
      await tx.query(`UPDATE message SET status = $2, attempts = attempts + 1 WHERE id = $1`, [m.id, result.status]);
      this.logger.warn(`message ${m.id} ${result.status}: ${result.reason}`);
    }
  }

  private ctx() {
    return { signature: this.env.SMS_SIGNATURE, hallPhone: this.env.HALL_PHONE };
  }
}
