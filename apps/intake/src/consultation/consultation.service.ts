import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type ConsultationView,
  type CreateConsultationRequest,
  type ListConsultationsRequest,
  type OnlineComplaintRequest,
  type ProvinceComplaintRequest,
  type ReplyComplaintRequest,
  type RouteComplaintRequest,
} from '@yichuang/contracts';
import { chinaToday, isProvisionalDeadline, maskPhone, type WorkingCalendar } from '@yichuang/domain';
import { CalendarClient, Clock, Idempotency, Outbox, requireActor } from '@yichuang/platform';
import { QueueService } from '../queue/queue.service.js';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';

interface Row {
  id: string;
  channel: string;
  kind: 'consultation' | 'complaint';
  topic: string;
  question: string;
  answer: string | null;
  contact_name: string | null;
  phone: string | null;
  ticket_no: string | null;
  handler: string | null;
  due_date: string | null;
  status: 'answered' | 'open' | 'closed';
  resolution: string | null;
  department: string | null;
  case_no: string | null;
  window_no: string | null;
  staff: string | null;
  reply: string | null;
  replied_by: string | null;
  replied_at: Date | null;
  created_by: string;
  created_at: Date;
}

/**
 * 咨询窗口: consultations and complaints on site, by phone and online; a queue ticket for those who need
 * to apply; a complaint gets a handler and a deadline in working days.
 *
 * 投诉 (issue 14.4): recorded at the window or online by the public; linked to the case, window and staff member
 * complained about (the case's own when not given); routed to the responsible department (given, the case's only
 * department, or later by the window or supervision); answered by that department (who, when, text: status
 * `answered`, `yc.evt.intake.complaint.replied.v1` → notification tells the complainant by SMS); closed. The
 * deadline is COMPLAINT_WORKING_DAYS working days; supervision alarms it on its last day (yellow) and after (red).
 */
@Injectable()
export class ConsultationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
    private readonly clock: Clock,
    private readonly calendar: CalendarClient,
    private readonly queue: QueueService,
    private readonly outbox: Outbox,
    private readonly idempotency: Idempotency,
  ) {}

  async create(req: CreateConsultationRequest): Promise<ConsultationView> {
    const actor = requireActor('consultant', 'clerk');
    const complaint = req.kind === 'complaint';
    const links = complaint ? await this.links(req.caseNo, req.department, req.windowNo, req.staff) : null;
    const due = complaint ? (await this.calendar.calendar()).addWorkingDays(this.clock.today(), this.env.COMPLAINT_WORKING_DAYS) : null;
    const ticket = req.ticketCategory ? await this.queue.issue({ category: req.ticketCategory, ...(req.phone ? { phone: req.phone } : {}) }) : undefined;
    const status = complaint ? 'open' : req.answer ? 'answered' : 'open';
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO consultation (id, channel, kind, topic, question, answer, contact_name, phone, ticket_no, handler, due_date, status, created_by, created_at,
                                 department, case_no, window_no, staff)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        id,
        req.channel,
        req.kind,
        req.topic,
        req.question,
        req.answer ?? null,
        req.contactName ?? null,
        req.phone ?? null,
        ticket?.ticketNo ?? null,
        complaint ? (req.handler ?? this.env.COMPLAINT_DEFAULT_HANDLER) : null,
        due,
        status,
        actor.username,
        this.clock.now(),
        links?.department ?? null,
        links?.caseNo ?? null,
        links?.windowNo ?? null,
        links?.staff ?? null,
      ],
    );
    return this.get(id);
  }

  /** 投诉 online by the public (no login, rate limited by the gateway): recorded as an open complaint of the `online` channel. */
  submitOnline(req: OnlineComplaintRequest): Promise<ConsultationView> {
    return this.recordPublic(req, 'online');
  }

  /**
   * 投诉 made on the provincial 政务服务网 (apps/exchange): once per the province's item (its Idempotency-Key), channel
   * `province`; a case number the hall does not know is kept as written, the complaint still recorded (the desk
   * routes it) — the province has already told the complainant it was received.
   */
  submitFromProvince(req: ProvinceComplaintRequest): Promise<ConsultationView> {
    return this.recordPublic(req, 'province');
  }

  private async recordPublic(req: OnlineComplaintRequest, channel: 'online' | 'province'): Promise<ConsultationView> {
    const links = await this.links(req.caseNo, undefined, undefined, undefined).catch((err: unknown) => {
      if (channel === 'province' && err instanceof AppError && err.code === 'NOT_FOUND') return { caseNo: req.caseNo ?? null, department: null, windowNo: null, staff: null };
      throw err;
    });
    const due = (await this.calendar.calendar()).addWorkingDays(this.clock.today(), this.env.COMPLAINT_WORKING_DAYS);
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, `complaint:${channel}`, req, async () => {
        const id = randomUUID();
        await tx.query(
          `INSERT INTO consultation (id, channel, kind, topic, question, contact_name, phone, handler, due_date, status, created_by, created_at, department, case_no, window_no, staff)
           VALUES ($1, $2, 'complaint', $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, $12, $13, $14)`,
          [id, channel, req.topic, req.question, req.contactName, req.phone, this.env.COMPLAINT_DEFAULT_HANDLER, due, channel === 'province' ? 'province' : 'public', this.clock.now(), links.department, links.caseNo, links.windowNo, links.staff],
        );
        return this.get(id, tx);
      }),
    );
  }

  /** Route an open complaint to its responsible department (also re-route it). */
  async route(req: RouteComplaintRequest): Promise<ConsultationView> {
    requireActor('consultant', 'clerk', 'supervisor');
    return this.ds.transaction(async (tx) => {
      const c = await this.complaint(tx, req.id);
      if (c.status !== 'open') throw new AppError('INVALID_STATE', `complaint is ${c.status}`, [{ problem: '该投诉已答复或已办结，不能再转交' }]);
      await tx.query(`UPDATE consultation SET department = $2 WHERE id = $1`, [req.id, req.department]);
      return this.get(req.id, tx);
    });
  }

  /** The responsible department's reply (a supervisor may answer for any): recorded, the complainant told by SMS. */
  async reply(req: ReplyComplaintRequest): Promise<ConsultationView> {
    const actor = requireActor('reviewer', 'department_head', 'supervisor');
    return this.ds.transaction(async (tx) => {
      const c = await this.complaint(tx, req.id);
      if (c.status !== 'open') throw new AppError('INVALID_STATE', `complaint is ${c.status}`, [{ problem: '该投诉已答复或已办结' }]);
      if (!c.department) throw new AppError('INVALID_STATE', 'complaint not routed to a department', [{ problem: '该投诉尚未转交责任部门' }]);
      if (!actor.roles.includes('supervisor') && actor.department !== c.department) throw new AppError('FORBIDDEN', 'only the responsible department answers this complaint');
      const now = this.clock.now();
      await tx.query(`UPDATE consultation SET status = 'answered', reply = $2, replied_by = $3, replied_at = $4 WHERE id = $1`, [req.id, req.reply, actor.username, now]);
      await this.outbox.add(tx, Events.complaintReplied, {
        consultationId: c.id,
        topic: c.topic,
        department: c.department,
        repliedBy: actor.username,
        repliedAt: now.toISOString(),
        ...(c.phone ? { phone: c.phone } : {}),
        ...(c.case_no ? { caseNo: c.case_no } : {}),
      });
      return this.get(req.id, tx);
    });
  }

  private async complaint(tx: EntityManager, id: string): Promise<Row> {
    const [c] = (await tx.query(`SELECT * FROM consultation WHERE id = $1 AND kind = 'complaint' FOR UPDATE`, [id])) as Row[];
    if (!c) throw AppError.notFound('complaint');
    return c;
  }

  /** A complaint's links: the case (must exist), its window, the staff member who accepted it and its only department, unless given. */
  private async links(caseNo: string | undefined, department: string | undefined, windowNo: string | undefined, staff: string | undefined) {
    if (!caseNo) return { caseNo: null, department: department ?? null, windowNo: windowNo ?? null, staff: staff ?? null };
    const [c] = (await this.ds.query(`SELECT window_no, accepted_by, items FROM case_file WHERE case_no = $1`, [caseNo])) as {
      window_no: string | null;
      accepted_by: string;
      items: { departmentCode?: string }[];
    }[];
    if (!c) throw AppError.notFound('case');
    const departments = [...new Set((c.items ?? []).map((i) => i.departmentCode).filter((d): d is string => !!d))];
    return {
      caseNo,
      department: department ?? (departments.length === 1 ? (departments[0] ?? null) : null),
      windowNo: windowNo ?? c.window_no,
      staff: staff ?? c.accepted_by,
    };
  }

  async list(req: ListConsultationsRequest): Promise<ConsultationView[]> {
    requireActor('consultant', 'clerk', 'supervisor');
    const rows = (await this.ds.query(
      `SELECT * FROM consultation WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC LIMIT 500`,
      [req.kind ?? null, req.status ?? null],
    )) as Row[];
    const calendar = await this.calendar.calendar().catch(() => undefined);
    return rows.map((r) => view(r, calendar));
  }

  async close(id: string, resolution: string): Promise<ConsultationView> {
    requireActor('consultant', 'clerk', 'supervisor');
    const [, affected] = (await this.ds.query(`UPDATE consultation SET status = 'closed', resolution = $2, closed_at = $3 WHERE id = $1 AND status <> 'closed'`, [
      id,
      resolution,
      this.clock.now(),
    ])) as [unknown, number];
    const v = await this.get(id);
    if (affected === 0 && v.resolution !== resolution) throw new AppError('CONFLICT', 'already closed');
    return v;
  }

  private async get(id: string, tx: EntityManager = this.ds.manager): Promise<ConsultationView> {
    const [r] = (await tx.query(`SELECT * FROM consultation WHERE id = $1`, [id])) as Row[];
    if (!r) throw AppError.notFound('consultation');
    return view(r, await this.calendar.calendar().catch(() => undefined));
  }
}

function view(r: Row, calendar: WorkingCalendar | undefined): ConsultationView {
  return {
    id: r.id,
    channel: r.channel,
    kind: r.kind,
    topic: r.topic,
    question: r.question,
    ...(r.answer ? { answer: r.answer } : {}),
    ...(r.contact_name ? { contactName: r.contact_name } : {}),
    ...(r.phone ? { phone: maskPhone(r.phone) } : {}),
    ...(r.ticket_no ? { ticketNo: r.ticket_no } : {}),
    ...(r.handler ? { handler: r.handler } : {}),
    ...(r.due_date ? { dueDate: r.due_date, dueDateProvisional: isProvisionalDeadline(calendar, chinaToday(r.created_at), r.due_date) } : {}),
    ...(r.department ? { department: r.department } : {}),
    ...(r.case_no ? { caseNo: r.case_no } : {}),
    ...(r.window_no ? { windowNo: r.window_no } : {}),
    ...(r.staff ? { staff: r.staff } : {}),
    ...(r.reply && r.replied_by && r.replied_at ? { reply: { text: r.reply, by: r.replied_by, at: r.replied_at.toISOString() } } : {}),
    status: r.status,
    ...(r.resolution ? { resolution: r.resolution } : {}),
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}

