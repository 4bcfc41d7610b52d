import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  Events,
  type CaseAcceptedV1,
  type CertificatesIssuedV1,
  type EventEnvelope,
  type MessageTemplate,
  type NoticeIssuedV1,
  type NotificationView,
  type TurnNearV1,
} from '@yichuang/contracts';
import { maskPhone } from '@yichuang/domain';
import { Clock, OnEvent, requestContext } from '@yichuang/platform';
import { NOTIFICATION_ENV } from '../tokens.js';
import type { NotificationEnv } from '../config.js';
import { Message, Recipient } from './message.entities.js';
import { SmsDispatcher } from './sms-dispatcher.js';
import { renderSms, type TemplateContext, type TemplateData } from './templates.js';

/** What a message is about and who gets it. */
interface NewSms<T extends MessageTemplate> {
  template: T;
  data: TemplateData[T];
  phone: string;
  caseNo: string | null;
  /** unique per message that must exist once: a redelivered or repeated event adds nothing */
  dedupeKey: string;
  /** what it is about when there is no case yet (an application id, a ticket id) */
  ref?: string;
}

/**
 * SMS to applicants. Messages are created in the event handler's transaction with a unique dedupe key
 * (one SMS per case and template, however often the event arrives), status `created`; the SmsDispatcher
 * sends them and records the outcome.
 */
@Injectable()
export class MessagesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NOTIFICATION_ENV) private readonly env: NotificationEnv,
    private readonly clock: Clock,
  ) {}

  /** 受理: remember who to tell about this case, and tell them its number. */
  @OnEvent({ event: Events.caseAccepted })
  async onCaseAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await tx.query(`INSERT INTO recipient (case_no, name, phone) VALUES ($1, $2, $3) ON CONFLICT (case_no) DO NOTHING`, [d.caseNo, d.applicant.name, d.applicant.phone]);
    await this.create(tx, {
      template: 'CASE_ACCEPTED',
      data: { name: d.applicant.name, project: d.project.name, items: d.items.length, date: d.acceptedDate, caseNo: d.caseNo },
      phone: d.applicant.phone,
      caseNo: d.caseNo,
      dedupeKey: `${d.caseNo}:CASE_ACCEPTED`,
    });
  }

  /** 出件: the results are ready. Needs the case's recipient, which case.accepted brings. */
  @OnEvent({ event: Events.certificatesIssued })
  async onCertificatesIssued(e: EventEnvelope<CertificatesIssuedV1>, tx: EntityManager): Promise<void> {
    const r = await tx.findOneBy(Recipient, { caseNo: e.data.caseNo });
    // events of different subjects may arrive out of order: throw, so the event is retried until the recipient is known
    if (!r) throw new Error(`recipient of case ${e.data.caseNo} not known yet`);
    await this.create(tx, {
      template: 'RESULT_READY',
      data: { name: r.name, caseNo: e.data.caseNo, documents: e.data.certificates.map((c) => c.typeName) },
      phone: r.phone,
      caseNo: e.data.caseNo,
      dedupeKey: `${e.data.caseNo}:RESULT_READY`,
    });
  }

  /** 一次性告知: what to bring, before a case exists. */
  @OnEvent({ event: Events.noticeIssued })
  async onNoticeIssued(e: EventEnvelope<NoticeIssuedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await this.create(tx, {
      template: 'ONE_TIME_NOTICE',
      data: { name: d.applicant.name, documentNo: d.documentNo, problems: d.problems },
      phone: d.applicant.phone,
      caseNo: null,
      dedupeKey: `notice:${d.documentNo}`,
      ref: d.applicationId,
    });
  }

  /** 排队提醒 */
  @OnEvent({ event: Events.turnNear })
  async onTurnNear(e: EventEnvelope<TurnNearV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await this.create(tx, {
      template: 'QUEUE_TURN_NEAR',
      data: { ticketNo: d.ticketNo, category: d.category, ahead: d.ahead },
      phone: d.phone,
      caseNo: null,
      dedupeKey: `queue:${d.ticketId}`,
      ref: d.ticketId,
    });
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
      attempts: m.attempts,
      ...(m.lastError ? { failureReason: m.lastError } : {}),
    }));
  }

  /** Create a message once (ON CONFLICT on its dedupe key) and wake the dispatchers at commit. */
  private async create<T extends MessageTemplate>(tx: EntityManager, sms: NewSms<T>): Promise<void> {
    const content = renderSms(sms.template, this.templateContext(), sms.data);
    const inserted: unknown[] = await tx.query(
      `INSERT INTO message (id, case_no, channel, template, dedupe_key, recipient, content, status, created_at, next_attempt_at, correlation_id, ref)
       VALUES ($1, $2, 'sms', $3, $4, $5, $6, 'created', $7, now(), $8, $9) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [randomUUID(), sms.caseNo, sms.template, sms.dedupeKey, sms.phone, content, this.clock.now(), requestContext.correlationId() ?? null, sms.ref ?? null],
    );
    if (inserted.length > 0) await SmsDispatcher.wake(tx);
  }

  private templateContext(): TemplateContext {
    return { signature: this.env.SMS_SIGNATURE, hallName: this.env.HALL_NAME, hallPhone: this.env.HALL_PHONE };
  }
}
