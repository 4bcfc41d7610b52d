import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, type ConsultationView, type CreateConsultationRequest, type ListConsultationsRequest } from '@yichuang/contracts';
import { chinaToday, isProvisionalDeadline, maskPhone, type WorkingCalendar } from '@yichuang/domain';
import { CalendarClient, Clock, requireActor } from '@yichuang/platform';
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
  created_by: string;
  created_at: Date;
}

/**
 * 咨询窗口: consultations and complaints on site, by phone and online; a queue ticket for those who need
 * to apply; a complaint gets a handler and a deadline in working days.
 */
@Injectable()
export class ConsultationService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
    private readonly clock: Clock,
    private readonly calendar: CalendarClient,
    private readonly queue: QueueService,
  ) {}

  async create(req: CreateConsultationRequest): Promise<ConsultationView> {
    const actor = requireActor('consultant', 'clerk');
    const complaint = req.kind === 'complaint';
    const due = complaint ? (await this.calendar.calendar()).addWorkingDays(this.clock.today(), this.env.COMPLAINT_WORKING_DAYS) : null;
    const ticket = req.ticketCategory ? await this.queue.issue({ category: req.ticketCategory, ...(req.phone ? { phone: req.phone } : {}) }) : undefined;
    const status = complaint ? 'open' : req.answer ? 'answered' : 'open';
    const id = randomUUID();
    await this.ds.query(
      `INSERT INTO consultation (id, channel, kind, topic, question, answer, contact_name, phone, ticket_no, handler, due_date, status, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
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
      ],
    );
    return this.get(id);
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

  private async get(id: string): Promise<ConsultationView> {
    const [r] = (await this.ds.query(`SELECT * FROM consultation WHERE id = $1`, [id])) as Row[];
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
    status: r.status,
    ...(r.resolution ? { resolution: r.resolution } : {}),
    createdBy: r.created_by,
    createdAt: r.created_at.toISOString(),
  };
}

