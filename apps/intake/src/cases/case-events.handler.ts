import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  Events,
  type CertificateCollectedV1,
  type CertificatesIssuedV1,
  type CommitmentVerifiedV1,
  type DocumentStandingChangedV1,
  type EvaluationSubmittedV1,
  type EventEnvelope,
  type MessageSentV1,
  type ShipmentCreatedV1,
  type ShipmentTrackedV1,
  type TaskDecidedV1,
  type TaskResumedV1,
  type TasksCreatedV1,
  type TaskSuspendedV1,
} from '@yichuang/contracts';
import {
  CASE_EVENT_TEXT,
  CERTIFICATE_STATUS_TEXT,
  COMMITMENT_RESULT_TEXT,
  DELIVERY_METHOD_TEXT,
  DOCUMENT_STANDING_TEXT,
  labelOf,
  MESSAGE_CHANNEL_TEXT,
  MESSAGE_TEMPLATE_TEXT,
  OUTCOME_TEXT,
  procedureText,
  RATING_LEVEL_TEXT,
  TASK_PAUSE_KIND_TEXT,
  TRACKING_STATUS_TEXT,
} from '@yichuang/domain';
import { Clock, OnEvent } from '@yichuang/platform';
import { CaseFile } from './case.entities.js';
import { CasesService } from './cases.service.js';
import { RecordSpecialProcedureNotice } from '../documents/record-special-procedure-notice.js';

/** Follows each case through the other services' events: its status and its timeline. */
@Injectable()
export class CaseEventsHandler {
  constructor(
    private readonly cases: CasesService,
    private readonly clock: Clock,
    private readonly specialProcedureNotice: RecordSpecialProcedureNotice,
  ) {}

  @OnEvent({ event: Events.tasksCreated })
  async onTasksCreated(e: EventEnvelope<TasksCreatedV1>, tx: EntityManager): Promise<void> {
    const departments = [...new Set(e.data.tasks.map((t) => t.departmentCode))];
    await this.cases.dispatched(tx, e.data.caseNo, `分送 {departments} 并联审批（${e.data.tasks.length} 项）`, departments, new Date(e.occurredAt));
  }

  @OnEvent({ event: Events.taskDecided })
  async onTaskDecided(e: EventEnvelope<TaskDecidedV1>, tx: EntityManager): Promise<void> {
    const c = await this.cases.lock(tx, e.data.caseNo);
    const item = c.items.find((i) => i.itemCode === e.data.itemCode);
    if (!item || item.outcome) return;
    item.outcome = e.data.outcome;
    item.decidedAt = e.data.decidedAt;
    item.decidedBy = e.data.decidedBy;
    item.opinion = e.data.opinion;
    await tx.update(CaseFile, { caseNo: c.caseNo }, { items: c.items, updatedAt: this.clock.now() });
    await this.cases.note(tx, c.caseNo, 'task_decided', e.data.decidedBy, `${item.itemName}：${OUTCOME_TEXT[e.data.outcome]}`, new Date(e.data.decidedAt));
    if (c.status === 'accepted') await this.cases.move(tx, c, 'in_review');
    if (e.data.outcome === 'approve' && c.earlyItems.includes(item.itemCode) && !c.items.every((i) => i.outcome)) {
      await this.cases.releaseItem(tx, c, item.itemCode);
    }
    if (c.items.every((i) => i.outcome)) await this.cases.decide(tx, c.caseNo, this.clock.now());
  }

  /** 特殊程序 or 补齐补正: the department's clock stops; the timeline says why and for how long. */
  @OnEvent({ event: Events.taskSuspended })
  async onTaskSuspended(e: EventEnvelope<TaskSuspendedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const c = await this.cases.lock(tx, d.caseNo);
    const itemName = c.items.find((i) => i.itemCode === d.itemCode)?.itemName ?? d.itemCode;
    let detail: string;
    if (d.kind === 'special_procedure') {
      const days = typeof d.expectedWorkingDays === 'number' ? `，预计${d.expectedWorkingDays}个工作日` : '';
      const notice = await this.specialProcedureNotice.execute(tx, c, d);
      detail = `${itemName} ${TASK_PAUSE_KIND_TEXT.special_procedure}：${procedureText(d.procedure)}（${d.reason}）${days}，不计入审批时限${notice ? `；特别程序告知书${notice}` : ''}`;
    } else {
      const items = (d.items ?? []).map((x) => x.description).join('；');
      detail = `${itemName} ${TASK_PAUSE_KIND_TEXT.correction}：${items || d.reason}，补正期间不计入审批时限`;
    }
    await this.cases.note(tx, c.caseNo, 'task_suspended', d.departmentCode, detail, new Date(d.at));
  }

  /** The department's clock runs again, with the moved promised date. */
  @OnEvent({ event: Events.taskResumed })
  async onTaskResumed(e: EventEnvelope<TaskResumedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const c = await this.cases.lock(tx, d.caseNo);
    const item = c.items.find((i) => i.departmentCode === d.departmentCode && !i.outcome);
    const what = item ? `${item.itemName} ` : '';
    await this.cases.note(tx, c.caseNo, 'task_resumed', d.departmentCode, `${what}${CASE_EVENT_TEXT.task_resumed}，承诺办结日期调整为${d.dueDate}`, new Date(d.at));
  }

  @OnEvent({ event: Events.certificatesIssued })
  async onCertificatesIssued(e: EventEnvelope<CertificatesIssuedV1>, tx: EntityManager): Promise<void> {
    const c = await this.cases.lock(tx, e.data.caseNo);
    const names = e.data.certificates.map((x) => `${x.typeName}（${x.no}）`).join('、');
    await this.cases.note(tx, c.caseNo, 'certificates_issued', 'system', `出具 ${names}`, new Date(e.data.issuedAt));
    // 前置事项: the project now has these results; pre-check of a later item that needs one finds it here
    const results = e.data.certificates.filter((x) => x.role === undefined || x.role === 'result');
    if (results.length > 0) {
      await tx.query(
        `INSERT INTO project_result (project_code, item_code, document_no, certificate_id, case_no, issued_at)
         SELECT $1, x.item, x.no, x.id, $2, $3 FROM unnest($4::text[], $5::text[], $6::text[]) AS x(item, no, id) ON CONFLICT DO NOTHING`,
        [c.project.code, c.caseNo, e.data.issuedAt, results.map((x) => x.itemCode), results.map((x) => x.no), results.map((x) => x.id)],
      );
    }
    if (c.status === 'decided') await this.cases.move(tx, c, 'ready_for_delivery');
  }

  @OnEvent({ event: Events.certificateCollected })
  async onCollected(e: EventEnvelope<CertificateCollectedV1>, tx: EntityManager): Promise<void> {
    const c = await this.cases.lock(tx, e.data.caseNo);
    await this.cases.note(tx, c.caseNo, 'certificate_collected', e.data.collectedBy, `${e.data.no} ${CERTIFICATE_STATUS_TEXT.collected}`, new Date(e.data.collectedAt));
    if (e.data.allDelivered && c.status === 'ready_for_delivery') await this.cases.move(tx, c, 'delivered');
  }

  /** 免费寄递: the results are in the post; the waybill number goes on the case. */
  @OnEvent({ event: Events.shipmentCreated })
  async onShipmentCreated(e: EventEnvelope<ShipmentCreatedV1>, tx: EntityManager): Promise<void> {
    const c = await this.cases.lock(tx, e.data.caseNo);
    const names = e.data.certificates.map((x) => `${x.typeName}（${x.no}）`).join('、');
    await this.cases.note(tx, c.caseNo, 'mailed', 'system', `${DELIVERY_METHOD_TEXT.ems}，邮件号${e.data.trackingNo}：${names}`, new Date(e.data.createdAt));
  }

  /** The post's tracking: on the timeline; delivered closes the delivery like a collection; returned is noted. */
  @OnEvent({ event: Events.shipmentTracked })
  async onShipmentTracked(e: EventEnvelope<ShipmentTrackedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const c = await this.cases.lock(tx, d.caseNo);
    const where = d.location ? `（${d.location}）` : '';
    const what = labelOf(TRACKING_STATUS_TEXT, d.status) ?? CASE_EVENT_TEXT.mail_tracked;
    const event = d.status === 'delivered' ? 'mail_delivered' : d.status === 'returned' ? 'mail_returned' : 'mail_tracked';
    const detail = `邮件号${d.trackingNo}：${what}${where}${d.status === 'returned' ? '，结果文书回到统一出件窗口待领取' : ''}`;
    await this.cases.note(tx, c.caseNo, event, 'EMS', detail, new Date(d.at));
    if (d.status === 'delivered' && d.allDelivered && c.status === 'ready_for_delivery') await this.cases.move(tx, c, 'delivered');
  }

  /** 告知承诺制 事后核查: the department's finding on the applicant's commitment, on the case's timeline. */
  @OnEvent({ event: Events.commitmentVerified })
  async onCommitmentVerified(e: EventEnvelope<CommitmentVerifiedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const c = await this.cases.lock(tx, d.caseNo);
    await this.cases.note(tx, c.caseNo, 'commitment_verified', d.verifiedBy, `${d.itemName}：${COMMITMENT_RESULT_TEXT[d.result]}（${d.opinion}）`, new Date(d.verifiedAt));
  }

  /** 撤销 / 撤回 / 更正 of a result document: on the case's timeline (who, why, the replacing number). */
  @OnEvent({ event: Events.documentStandingChanged })
  async onDocumentStandingChanged(e: EventEnvelope<DocumentStandingChangedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    const c = await this.cases.lock(tx, d.caseNo);
    const basis = d.legalBasis ? `，依据${d.legalBasis}` : '';
    const docs = d.documents.map((x) => `${x.typeName}（${x.no}）`).join('、');
    const act = d.decisionNo ? `（${d.decisionNo}）` : '';
    if (d.standing === 'superseded') {
      await this.cases.note(tx, c.caseNo, 'document_corrected', d.by, `${docs}更正${act}：${d.reason}${basis}，更正后编号${d.replacement?.no ?? ''}`, new Date(d.at));
    } else {
      await this.cases.note(tx, c.caseNo, 'document_revoked', d.by, `${docs}${DOCUMENT_STANDING_TEXT[d.standing]}${act}：${d.reason}${basis}`, new Date(d.at));
    }
  }

  @OnEvent({ event: Events.messageSent })
  async onMessageSent(e: EventEnvelope<MessageSentV1>, tx: EntityManager): Promise<void> {
    // a template this version does not know yet is named by what it is, never by its code
    const label = labelOf(MESSAGE_TEMPLATE_TEXT, e.data.template);
    // the template names say 短信 (领证通知短信); a WeChat message of the same template is 微信公众号：领证通知
    const name = label ? (e.data.channel === 'sms' ? label : label.replace(/短信$/, '')) : CASE_EVENT_TEXT.message_sent;
    const channel = MESSAGE_CHANNEL_TEXT[e.data.channel];
    // on the case's timeline if the message was about a case of this window (one statement: no row, no note)
    await tx.query(
      `INSERT INTO case_timeline (case_no, at, event, actor, detail) SELECT case_no, $2, 'message_sent', 'system', $3 FROM case_file WHERE case_no = $1`,
      [e.data.caseNo, new Date(e.data.sentAt), `${channel}：${name}`],
    );
  }

  @OnEvent({ event: Events.evaluationSubmitted })
  async onEvaluated(e: EventEnvelope<EvaluationSubmittedV1>, tx: EntityManager): Promise<void> {
    const c = await this.cases.lock(tx, e.data.caseNo);
    await this.cases.note(tx, c.caseNo, 'evaluated', 'applicant', `评价：${RATING_LEVEL_TEXT[e.data.level]}`, new Date(e.data.submittedAt));
    if (c.status === 'delivered') await this.cases.move(tx, c, 'closed');
  }
}
