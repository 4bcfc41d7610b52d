import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type TaskDecidedV1,
  Events,
  Rpc,
  type CaseAcceptedV1,
  type CertificatesIssuedV1,
  type DeadlinesMovedV1,
  type DocumentStandingChangedV1,
  type EventEnvelope,
  type MessageTemplate,
  type NoticeIssuedV1,
  type NotificationView,
  type PickupReminderDueV1,
  type ShipmentCreatedV1,
  type TaskAlarmRaisedV1,
  type AlarmRaisedV1,
  type ComplaintRepliedV1,
  type PortalCodeIssuedV1,
  type StaffContact,
  type TaskSuspendedV1,
  type TurnNearV1,
  type RectificationAlarmRaisedV1,
  type RectificationChangedV1,
} from '@yichuang/contracts';
import { chinaToday, maskPhone, NOTICE_WORKING_DAYS } from '@yichuang/domain';
import { Clock, OnEvent, requestContext, RpcClient } from '@yichuang/platform';
import { NOTIFICATION_ENV } from '../tokens.js';
import type { NotificationEnv } from '../config.js';
import { Message, Recipient } from './message.entities.js';
import { SmsDispatcher } from './sms-dispatcher.js';
import { RatingInvitations } from './rating-invitations.js';
import { maskOpenid } from '../providers/replay-guard.js';
import { quietUntil } from './quiet-hours.js';
import { renderMessage, type TemplateContext, type TemplateData } from './templates.js';
import { maxCharsFor } from '../templates/render-template.js';
import { TemplateBodies } from '../templates/template-bodies.js';
import { templateSpec } from '../templates/template-catalogue.js';

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
    private readonly rpc: RpcClient,
    private readonly dispatcher: SmsDispatcher,
    private readonly bodies: TemplateBodies,
    private readonly invitations: RatingInvitations,
  ) {}

  /** 受理: remember who to tell about this case, and tell them its number. */
  @OnEvent({ event: Events.caseAccepted })
  async onCaseAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const items = d.items.map((i) => ({ itemCode: i.itemCode, itemName: i.itemName, departmentCode: i.departmentCode }));
    await this.create(
      tx,
      {
        template: 'CASE_ACCEPTED',
        data: { name: d.applicant.name, project: d.project.name, items: d.items.length, date: d.acceptedDate, caseNo: d.caseNo },
        phone: d.applicant.phone,
        caseNo: d.caseNo,
        dedupeKey: `${d.caseNo}:CASE_ACCEPTED`,
      },
      { name: d.applicant.name, items },
    );
  }

  /** 出件: the results are ready. Needs the case's recipient, which case.accepted brings. */
  @OnEvent({ event: Events.certificatesIssued })
  async onCertificatesIssued(e: EventEnvelope<CertificatesIssuedV1>, tx: EntityManager): Promise<void> {
    const r = await tx.findOneBy(Recipient, { caseNo: e.data.caseNo });
    // events of different subjects may arrive out of order: throw, so the event is retried until the recipient is known
    if (!r) throw new Error(`recipient of case ${e.data.caseNo} not known yet`);
    const link = this.invitations.newLink();
    const messageId = await this.create(tx, {
      template: 'RESULT_READY',
      data: { name: r.name, caseNo: e.data.caseNo, documents: e.data.certificates.map((c) => c.typeName), ...(link ? { ratingUrl: link.url } : {}) },
      phone: r.phone,
      caseNo: e.data.caseNo,
      // one SMS per issuance (an item released early, then the rest): keyed by the certificates it announces
      dedupeKey: `${e.data.caseNo}:RESULT_READY:${e.data.certificates.map((c) => c.id).sort()[0] ?? e.id}`,
    });
    // 好差评: the link rates the decisions of the items whose results this SMS announces
    if (link && messageId) await this.invitations.record(tx, link, { messageId, caseNo: e.data.caseNo, phone: r.phone, itemCodes: [...new Set(e.data.certificates.map((c) => c.itemCode))].sort() });
  }

  /** 寄递: the results are in the post; the waybill number to follow them. One SMS per shipment. */
  @OnEvent({ event: Events.shipmentCreated })
  async onShipmentCreated(e: EventEnvelope<ShipmentCreatedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const r = await tx.findOneBy(Recipient, { caseNo: d.caseNo });
    if (!r) throw new Error(`recipient of case ${d.caseNo} not known yet`);
    const link = this.invitations.newLink();
    const messageId = await this.create(tx, {
      template: 'RESULT_MAILED',
      data: { name: r.name, caseNo: d.caseNo, trackingNo: d.trackingNo, documents: d.certificates.map((c) => c.typeName), ...(link ? { ratingUrl: link.url } : {}) },
      phone: r.phone,
      caseNo: d.caseNo,
      dedupeKey: `${d.caseNo}:RESULT_MAILED:${d.shipmentId}`,
      ref: d.shipmentId,
    });
    // 好差评: a shipment names no items; its link rates the case's decisions not rated yet
    if (link && messageId) await this.invitations.record(tx, link, { messageId, caseNo: d.caseNo, phone: r.phone, itemCodes: [] });
  }

  /** 领证提醒: the results have waited at the pick-up desk; ONE reminder per case. */
  @OnEvent({ event: Events.pickupReminderDue })
  async onPickupReminderDue(e: EventEnvelope<PickupReminderDueV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const r = await tx.findOneBy(Recipient, { caseNo: d.caseNo });
    if (!r) throw new Error(`recipient of case ${d.caseNo} not known yet`);
    await this.create(tx, {
      template: 'PICKUP_REMINDER',
      data: { name: r.name, caseNo: d.caseNo, documents: d.documents, days: d.waitingWorkingDays },
      phone: r.phone,
      caseNo: d.caseNo,
      dedupeKey: `${d.caseNo}:PICKUP_REMINDER`,
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

  /**
   * 特殊程序 / 补齐补正: tell the applicant why the department's clock stops, for how long or what to bring.
   * One SMS per suspension event (a task may be suspended more than once).
   */
  @OnEvent({ event: Events.taskSuspended })
  async onTaskSuspended(e: EventEnvelope<TaskSuspendedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const r = await tx.findOneBy(Recipient, { caseNo: d.caseNo });
    if (!r) throw new Error(`recipient of case ${d.caseNo} not known yet`);
    const item = r.items.find((i) => i.itemCode === d.itemCode)?.itemName ?? d.itemCode;
    const base = { phone: r.phone, caseNo: d.caseNo, dedupeKey: `task:${d.taskId}:${e.id}`, ref: d.taskId };
    if (d.kind === 'special_procedure') {
      await this.create(tx, {
        ...base,
        template: 'TASK_SUSPENDED',
        data: { caseNo: d.caseNo, item, ...(d.procedure ? { procedure: d.procedure } : {}), reason: d.reason, ...(typeof d.expectedWorkingDays === 'number' ? { days: d.expectedWorkingDays } : {}) },
      });
    } else {
      const items = (d.items ?? []).map((x) => x.description);
      await this.create(tx, { ...base, template: 'CORRECTION_REQUESTED', data: { caseNo: d.caseNo, item, items: items.length > 0 ? items : [d.reason] } });
    }
  }

  /** 不予许可: the applicant is told at once, with the reason and the rights to reconsideration or litigation. */
  @OnEvent({ event: Events.taskDecided })
  async onTaskDecided(e: EventEnvelope<TaskDecidedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    if (d.outcome !== 'deny') return;
    const r = await tx.findOneBy(Recipient, { caseNo: d.caseNo });
    if (!r) throw new Error(`recipient of case ${d.caseNo} not known yet`);
    const item = r.items.find((i) => i.itemCode === d.itemCode)?.itemName ?? d.itemCode;
    await this.create(tx, {
      phone: r.phone,
      caseNo: d.caseNo,
      dedupeKey: `task:${d.taskId}:refused`,
      ref: d.taskId,
      template: 'TASK_REFUSED',
      data: { caseNo: d.caseNo, item, reason: d.opinion },
    });
  }

  /**
   * 期限调整: a calendar change moved promised due dates of the case (e.g. the official arrangement of a year that was
   * provisional was loaded). One SMS per case and calendar version, with every moved item's new date.
   */
  @OnEvent({ event: Events.deadlinesMoved })
  async onDeadlinesMoved(e: EventEnvelope<DeadlinesMovedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const r = await tx.findOneBy(Recipient, { caseNo: d.caseNo });
    if (!r) throw new Error(`recipient of case ${d.caseNo} not known yet`);
    const reason = d.calendarYears.length > 0 ? `国务院办公厅公布${d.calendarYears.join('、')}年节假日安排` : '节假日安排调整';
    await this.create(tx, {
      phone: r.phone,
      caseNo: d.caseNo,
      dedupeKey: `${d.caseNo}:DEADLINE_MOVED:${d.calendarVersion}`,
      template: 'DEADLINE_MOVED',
      data: {
        caseNo: d.caseNo,
        reason,
        moves: d.tasks.map((t) => ({ item: r.items.find((i) => i.itemCode === t.itemCode)?.itemName ?? t.itemName, to: t.newDueDate, provisional: t.provisional })),
      },
    });
  }

  /**
   * 撤销 / 撤回 / 更正 of a document: the applicant is told once per document — what, when, why, on what basis, the
   * rights (a revocation), or the new number to exchange it for (a correction).
   */
  @OnEvent({ event: Events.documentStandingChanged })
  async onDocumentStandingChanged(e: EventEnvelope<DocumentStandingChangedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const r = await tx.findOneBy(Recipient, { caseNo: d.caseNo });
    if (!r) throw new Error(`recipient of case ${d.caseNo} not known yet`);
    const doc = d.documents[0];
    if (!doc) return;
    const base = { phone: r.phone, caseNo: d.caseNo, dedupeKey: `document:${doc.certificateId}:${d.standing}`, ref: doc.certificateId };
    if (d.standing === 'superseded') {
      await this.create(tx, { ...base, template: 'DOCUMENT_CORRECTED', data: { caseNo: d.caseNo, document: doc.typeName, no: doc.no, newNo: d.replacement?.no ?? '', reason: d.reason } });
    } else {
      await this.create(tx, {
        ...base,
        template: 'DOCUMENT_REVOKED',
        data: { caseNo: d.caseNo, document: doc.typeName, no: doc.no, standing: d.standing, date: chinaToday(new Date(d.at)), reason: d.reason, ...(d.legalBasis ? { legalBasis: d.legalBasis } : {}) },
      });
    }
  }

  /**
   * 电子监察: a yellow or red card of a task goes to the department's reviewers and its head; a red card also to the
   * supervisors (any department) — yellow cards stay on their dashboard, so that an SMS to a supervisor means "late".
   * Phones from admin. One SMS per alarm and person (a head who is also a supervisor gets one); listed by the alarm id
   * (`listByRef`), not on the applicant's case.
   */
  @OnEvent({ event: Events.taskAlarmRaised })
  async onTaskAlarmRaised(e: EventEnvelope<TaskAlarmRaisedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const department = await this.rpc.request(Rpc.admin.staffContacts, { departmentCode: d.departmentCode });
    const supervisors = d.level === 'red' ? await this.supervisors() : [];
    const to = [...department.filter((s) => s.roles.some((r) => r === 'reviewer' || r === 'department_head')), ...supervisors];
    const r = await tx.findOneBy(Recipient, { caseNo: d.caseNo });
    const names = (r?.items ?? []).filter((i) => i.departmentCode === d.departmentCode).map((i) => i.itemName);
    const item = names.length > 0 ? names.join('、') : d.departmentCode;
    await this.toStaff(tx, to, d.alarmId, {
      template: 'TASK_ALARM',
      data: { level: d.level, caseNo: d.caseNo, item, remainingWorkingDays: d.remainingWorkingDays, dueDate: d.dueDate },
    });
  }

  /**
   * 电子监察 of the window: Art. 32 (an application neither notified nor decided within five working days is deemed
   * accepted) goes to the supervisors and the account that received the application; a complaint on its last day
   * (yellow) or past its answer deadline (red) to its handler, the responsible department's heads and the
   * supervisors. Other kinds of the window's alarms send no SMS. Once per alarm and person.
   */
  @OnEvent({ event: Events.alarmRaised })
  async onIntakeAlarmRaised(e: EventEnvelope<AlarmRaisedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    if (d.kind !== 'deemed_acceptance' && d.kind !== 'complaint_overdue' && d.kind !== 'complaint_due_soon') return;
    const named = d.kind === 'deemed_acceptance' ? d.receivedBy : d.handler;
    const person = named ? (await this.rpc.request(Rpc.admin.staffContacts, { usernames: [named] })).filter((s) => s.username === named) : [];
    const heads =
      d.kind !== 'deemed_acceptance' && d.department
        ? (await this.rpc.request(Rpc.admin.staffContacts, { departmentCode: d.department })).filter((s) => s.roles.includes('department_head'))
        : [];
    const people = [...person, ...heads, ...(await this.supervisors())];
    if (d.kind === 'deemed_acceptance') {
      await this.toStaff(tx, people, d.alarmId, {
        template: 'DEEMED_ACCEPTANCE_ALARM',
        data: { project: d.project ?? d.applicationId ?? '', receivedDate: d.receivedDate ?? '', dueDate: d.dueDate ?? '', workingDays: NOTICE_WORKING_DAYS },
      });
    } else {
      const template = d.kind === 'complaint_overdue' ? 'COMPLAINT_OVERDUE_ALARM' : 'COMPLAINT_DUE_ALARM';
      await this.toStaff(tx, people, d.alarmId, { template, data: { topic: d.topic ?? d.message, dueDate: d.dueDate ?? '' } });
    }
  }

  /** 投诉 answered by its department: the complainant (when a phone was given) is told by SMS, once per complaint. */
  @OnEvent({ event: Events.complaintReplied })
  async onComplaintReplied(e: EventEnvelope<ComplaintRepliedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    if (!d.phone) return;
    await this.create(tx, {
      template: 'COMPLAINT_REPLIED',
      data: { topic: d.topic, department: d.department },
      phone: d.phone,
      caseNo: d.caseNo ?? null,
      dedupeKey: `complaint-replied:${d.consultationId}`,
      ref: d.consultationId,
    });
  }

  /** 申请人查询本人办件: the one-time code to the application's phone, once per code (intake keeps only its hash). */
  @OnEvent({ event: Events.portalCodeIssued })
  async onPortalCodeIssued(e: EventEnvelope<PortalCodeIssuedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    await this.create(tx, {
      template: 'PORTAL_CODE',
      data: { code: d.code, minutes: d.minutes },
      phone: d.phone,
      caseNo: d.caseNo ?? null,
      dedupeKey: `portal-code:${d.challengeId}`,
      ref: d.applicationId,
    });
  }

  /** 差评整改 预警: the department's head(s) (when the rating names a department) and the supervisors, once per alarm and person. */
  @OnEvent({ event: Events.rectificationAlarmRaised })
  async onRectificationAlarmRaised(e: EventEnvelope<RectificationAlarmRaisedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const heads = d.departmentCode
      ? (await this.rpc.request(Rpc.admin.staffContacts, { departmentCode: d.departmentCode })).filter((s) => s.roles.includes('department_head'))
      : [];
    await this.toStaff(tx, [...heads, ...(await this.supervisors())], `rectification:${d.evaluationId}:${d.level}`, {
      template: 'RECTIFICATION_ALARM',
      data: { level: d.level, caseNo: d.caseNo, dueDate: d.dueDate },
    });
  }

  /** 差评整改 结果告知: the applicant told by SMS once their bad review is closed (rectified, cannot be, or invalid). */
  @OnEvent({ event: Events.rectificationChanged })
  async onRectificationChanged(e: EventEnvelope<RectificationChangedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    if (d.status !== 'rectified' && d.status !== 'cannot_rectify' && d.status !== 'invalid') return;
    const r = await tx.findOneBy(Recipient, { caseNo: d.caseNo });
    if (!r) return; // a case this service never heard of (an old rating): nobody to tell
    await this.create(tx, {
      phone: r.phone,
      caseNo: d.caseNo,
      dedupeKey: `rectification:${d.evaluationId}:outcome`,
      ref: d.evaluationId,
      template: 'RECTIFICATION_OUTCOME',
      data: { caseNo: d.caseNo, status: d.status },
    });
  }

  /** Every active supervisor (any department); the answer is checked, so an admin that ignored the filter sends to nobody else. */
  private async supervisors(): Promise<StaffContact[]> {
    return (await this.rpc.request(Rpc.admin.staffContacts, { role: 'supervisor' })).filter((s) => s.roles.includes('supervisor'));
  }

  /** One SMS per person with a phone (dedupe key `alarm:{alarmId}:{username}`), listed by the alarm id. */
  private async toStaff<T extends MessageTemplate>(tx: EntityManager, staff: StaffContact[], alarmId: string, sms: { template: T; data: TemplateData[T] }): Promise<void> {
    const seen = new Set<string>();
    for (const s of staff) {
      if (!s.phone || seen.has(s.username)) continue;
      seen.add(s.username);
      await this.create(tx, { ...sms, phone: s.phone, caseNo: null, dedupeKey: `alarm:${alarmId}:${s.username}`, ref: alarmId });
    }
  }

  async listByCase(caseNo: string): Promise<NotificationView[]> {
    return this.views(await this.ds.getRepository(Message).find({ where: { caseNo }, order: { createdAt: 'ASC' } }));
  }

  async listByRef(ref: string): Promise<NotificationView[]> {
    return this.views(await this.ds.getRepository(Message).find({ where: { ref }, order: { createdAt: 'ASC' } }));
  }

  private views(list: Message[]): NotificationView[] {
    const now = this.clock.now();
    return list.map((m) => ({
      id: m.id,
      channel: m.channel,
      template: m.template,
      status: m.status,
      recipient: m.channel === 'wechat' ? maskOpenid(m.recipient) : maskPhone(m.recipient),
      content: m.content,
      createdAt: m.createdAt.toISOString(),
      ...(m.sentAt ? { sentAt: m.sentAt.toISOString() } : {}),
      attempts: m.attempts,
      ...(m.lastError ? { failureReason: m.lastError } : {}),
      ...(m.status === 'created' && m.nextAttemptAt && m.nextAttemptAt > now ? { heldUntil: m.nextAttemptAt.toISOString() } : {}),
      templateVersion: m.templateVersion,
      ...(m.resolvedAt ? { resolvedAt: m.resolvedAt.toISOString(), resolvedBy: m.resolvedBy ?? '', resolutionNote: m.resolutionNote ?? '' } : {}),
    }));
  }

  /**
   * Create a message once (ON CONFLICT on its dedupe key) and wake the dispatcher when it is committed; with
   * `recipient`, the case's recipient is remembered (once) in the same statement. Rendered with the template's
   * current version (recorded with the message, with the variables' values); a non-urgent message to an applicant
   * created in quiet hours waits until they end (`next_attempt_at`), and `quiet_hours` tells the dispatcher to hold
   * its retries too.
   */
  private async create<T extends MessageTemplate>(
    tx: EntityManager,
    sms: NewSms<T>,
    recipient?: { name: string; items: { itemCode: string; itemName: string; departmentCode: string }[] },
  ): Promise<string | null> {
    const spec = templateSpec(sms.template);
    const current = await this.bodies.current(sms.template);
    const rendered = renderMessage(sms.template, this.templateContext(), sms.data, current.body, maxCharsFor(this.env.SMS_MAX_SEGMENTS));
    const now = this.clock.now();
    const quietHours = spec.audience === 'applicant' && !spec.urgent;
    const notBefore = (quietHours ? quietUntil(now, this.env.SMS_QUIET_FROM, this.env.SMS_QUIET_UNTIL) : null) ?? now;
    const inserted: unknown[] = await tx.query(
      `WITH r AS (
         INSERT INTO recipient (case_no, name, phone, items) SELECT $2, $10, $5, $11::jsonb WHERE $10::text IS NOT NULL
         ON CONFLICT (case_no) DO NOTHING)
       INSERT INTO message (id, case_no, channel, template, dedupe_key, recipient, content, status, created_at, next_attempt_at, correlation_id, ref,
                            template_version, params, quiet_hours)
       VALUES ($1, $2, 'sms', $3, $4, $5, $6, 'created', $7, $12, $8, $9, $13, $14::jsonb, $15) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [
        randomUUID(),
        sms.caseNo,
        sms.template,
        sms.dedupeKey,
        sms.phone,
        rendered.text,
        now,
        requestContext.correlationId() ?? null,
        sms.ref ?? null,
        recipient?.name ?? null,
        recipient ? JSON.stringify(recipient.items) : null,
        notBefore,
        current.version,
        JSON.stringify(rendered.params),
        quietHours,
      ],
    );
    if (inserted.length === 0) return null;
    const messageId = (inserted[0] as { id: string }).id;
    // 关注绑定: an applicant's message about a case whose applicant bound an openid also goes to WeChat (the SMS stays:
    // they may not read the account) — the same text, template version and parameters, held by the same quiet hours
    if (spec.audience === 'applicant' && sms.caseNo && this.dispatcher.serves('wechat')) {
      await tx.query(
        `INSERT INTO message (id, case_no, channel, template, dedupe_key, recipient, content, status, created_at, next_attempt_at, correlation_id, ref,
                              template_version, params, quiet_hours)
         SELECT $1::uuid, r.case_no, 'wechat', $3::text, $4::text, r.wechat_open_id, $5::text, 'created', $6::timestamptz, $7::timestamptz, $8::text, $9::text, $10::int, $11::jsonb, $12::boolean
         FROM recipient r WHERE r.case_no = $2::text AND r.wechat_open_id IS NOT NULL
         ON CONFLICT (dedupe_key) DO NOTHING`,
        [
          randomUUID(),
          sms.caseNo,
          sms.template,
          `${sms.dedupeKey}:wechat`,
          rendered.text,
          now,
          notBefore,
          requestContext.correlationId() ?? null,
          sms.ref ?? null,
          current.version,
          JSON.stringify(rendered.params),
          quietHours,
        ],
      );
    }
    this.dispatcher.wake(tx);
    return messageId;
  }

  private templateContext(): TemplateContext {
    return { signature: this.env.SMS_SIGNATURE, hallName: this.env.HALL_NAME, hallPhone: this.env.HALL_PHONE };
  }
}
