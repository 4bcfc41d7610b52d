import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, type MessageChannel, type MessageProblemResolution, type MessageProblemStatus, type MessageProblemView, type MessageProblemsRequest, type MessageStatus, type MessageTemplate, type ResolveMessageProblemRequest } from '@yichuang/contracts';
import { labelOf, MESSAGE_PROBLEM_STATUSES, MESSAGE_STATUS_TEXT, MESSAGE_TEMPLATE_TEXT, MESSAGE_TEMPLATES, messageProblemReason } from '@yichuang/domain';
import { Clock, requireActor } from '@yichuang/platform';
import { NOTIFICATION_ENV } from '../tokens.js';
import type { NotificationEnv } from '../config.js';
import { templateSpec } from '../templates/template-catalogue.js';

/** the most problems one answer lists (newest first) */
const LIMIT = 2000;

interface ProblemRow {
  id: string;
  case_no: string;
  channel: MessageChannel;
  template: string;
  status: MessageProblemStatus;
  last_error: string | null;
  since: Date;
}

/**
 * 短信送达异常: the messages of cases that did not reach the applicant — a permanent failure (empty number, blocked), a
 * technical failure (every try failed), or unconfirmed (the try's outcome is unknown) once it has waited
 * SMS_RECEIPT_WAIT_HOURS for a late receipt — so the window phones the applicant instead, and records that it did.
 * Applicant messages only: staff alarm messages have no case.
 */
@Injectable()
export class MessageProblems {
  private readonly logger = new Logger('MessageProblems');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NOTIFICATION_ENV) private readonly env: NotificationEnv,
    private readonly clock: Clock,
  ) {}

  async list(req: MessageProblemsRequest): Promise<MessageProblemView[]> {
    if (req.caseNos && req.caseNos.length === 0) return [];
    const now = this.clock.now();
    const unconfirmedBefore = new Date(now.getTime() - this.env.SMS_RECEIPT_WAIT_HOURS * 3_600_000);
    const rows = (await this.ds.query(
      `SELECT * FROM (
         SELECT m.id, m.case_no, m.channel, m.template, m.status, m.last_error,
                COALESCE(a.receipt_at, a.answered_at, a.started_at, m.created_at) AS since
         FROM message m LEFT JOIN message_attempt a ON a.id = m.current_attempt_id
         WHERE m.case_no IS NOT NULL AND m.case_no <> '' AND m.resolved_at IS NULL
           AND m.status = ANY($1::text[])
           AND ($2::text[] IS NULL OR m.case_no = ANY($2::text[]))) p
       WHERE (p.status <> 'unconfirmed' OR p.since <= $3)
         AND ($4::timestamptz IS NULL OR p.since >= $4)
       ORDER BY p.since DESC, p.id LIMIT ${LIMIT}`,
      [[...MESSAGE_PROBLEM_STATUSES], req.caseNos ?? null, unconfirmedBefore, req.since ?? null],
    )) as ProblemRow[];
    return rows.filter((r) => isApplicantTemplate(r.template)).map((r) => this.view(r));
  }

  /** The window phoned the applicant (or decided not to): who, when, what was said. Idempotent: a second call keeps the first record. */
  async resolve(req: ResolveMessageProblemRequest): Promise<MessageProblemResolution> {
    const actor = requireActor('clerk', 'supervisor');
    const now = this.clock.now();
    return this.ds.transaction(async (tx) => {
      const [m] = (await tx.query(`SELECT id, case_no, status, resolved_at, resolved_by, resolution_note FROM message WHERE id = $1 FOR UPDATE`, [req.messageId])) as {
        id: string;
        case_no: string | null;
        status: MessageStatus;
        resolved_at: Date | null;
        resolved_by: string | null;
        resolution_note: string | null;
      }[];
      if (!m) throw AppError.notFound('message');
      if (m.resolved_at) return { messageId: m.id, caseNo: m.case_no, status: m.status, resolvedAt: m.resolved_at.toISOString(), resolvedBy: m.resolved_by ?? '', note: m.resolution_note ?? '' };
      if (!(MESSAGE_PROBLEM_STATUSES as readonly string[]).includes(m.status)) {
        throw new AppError('CONFLICT', `message ${m.id} is ${m.status}, not a delivery problem`, [
          { field: 'messageId', problem: `the message is ${m.status}`, problemText: `该消息状态为“${MESSAGE_STATUS_TEXT[m.status]}”，无需处理` },
        ]);
      }
      await tx.query(`UPDATE message SET resolved_at = $2, resolved_by = $3, resolution_note = $4 WHERE id = $1`, [m.id, now, actor.username, req.note]);
      this.logger.log(`message ${m.id} (${m.status}) of case ${m.case_no ?? '-'} handled by ${actor.username}`);
      return { messageId: m.id, caseNo: m.case_no, status: m.status, resolvedAt: now.toISOString(), resolvedBy: actor.username, note: req.note };
    });
  }

  private view(r: ProblemRow): MessageProblemView {
    const template = r.template as MessageTemplate;
    return {
      caseNo: r.case_no,
      messageId: r.id,
      channel: r.channel,
      template,
      templateName: labelOf(MESSAGE_TEMPLATE_TEXT, r.template) ?? '通知短信',
      status: r.status,
      statusText: MESSAGE_STATUS_TEXT[r.status],
      reason: messageProblemReason({ status: r.status, channel: r.channel, providerReason: r.last_error }),
      since: new Date(r.since).toISOString(),
    };
  }
}

function isApplicantTemplate(template: string): boolean {
  return !(MESSAGE_TEMPLATES as readonly string[]).includes(template) || templateSpec(template as MessageTemplate).audience === 'applicant';
}
