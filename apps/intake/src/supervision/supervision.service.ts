import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, Events, type AlarmView, type ListAlarmsRequest } from '@yichuang/contracts';
import { CalendarClient, Clock, Outbox, PeriodicJob, requireActor } from '@yichuang/platform';
import { NOTICE_WORKING_DAYS } from '@yichuang/domain';

const SWEEP_MS = 60_000;

interface AlarmRow {
  id: string;
  kind: AlarmView['kind'];
  level: AlarmView['level'];
  message: string;
  application_id: string | null;
  case_no: string | null;
  consultation_id: string | null;
  department: string | null;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

/**
 * 投诉: a complaint still unanswered on its last day raises a yellow alarm (`complaint_due_soon`), past it a red one
 * (`complaint_overdue`), each once per complaint.
 *
 * Art. 32: an application that got neither a one-time notice nor a decision within five working days of
 * receipt counts as accepted from the day its materials arrived, and the supervisor is alarmed.
 * The check is a durable sweep (state in PostgreSQL): each application is raised once — a unique key per
 * (kind, application) — whichever instance sweeps, and a sweep after a restart catches up what it missed.
 */
@Injectable()
export class SupervisionService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Supervision');
  private readonly job = new PeriodicJob('Art32Sweep', SWEEP_MS, () => this.sweep());

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly calendar: CalendarClient,
    private readonly clock: Clock,
    private readonly outbox: Outbox,
  ) {}

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /**
   * Raise what is due; returns how many alarms were raised now. The deadline is the application's stored
   * `notice_due_date` (kept current when the calendar changes); one still unknown (the calendar was unreachable at
   * creation) is computed and stored here first.
   */
  async sweep(): Promise<number> {
    const calendar = await this.calendar.calendar();
    const today = this.clock.today();
    const now = this.clock.now();
    return this.ds.transaction(async (tx) => {
      const candidates = (await tx.query(
        `SELECT a.id, a.received_date::text AS received_date, a.notice_due_date::text AS notice_due_date, a.project->>'name' AS project, a.created_by
         FROM application a
         WHERE a.status IN ('submitted', 'incomplete') AND a.deemed_accepted_from IS NULL
           AND (a.notice_due_date IS NULL OR a.notice_due_date < $1)
           AND NOT EXISTS (SELECT 1 FROM document d WHERE d.application_id = a.id AND d.kind = 'one_time_notice')
         ORDER BY a.received_date LIMIT 1000 FOR UPDATE OF a SKIP LOCKED`,
        [today],
      )) as { id: string; received_date: string; notice_due_date: string | null; project: string; created_by: string }[];
      let raised = 0;
      for (const a of candidates) {
        let deadline = a.notice_due_date;
        if (deadline === null) {
          try {
            deadline = calendar.addWorkingDays(a.received_date, NOTICE_WORKING_DAYS);
          } catch (err) {
            this.logger.warn(`cannot compute the notice deadline of application ${a.id}: ${(err as Error).message}`);
            continue;
          }
          await tx.query(`UPDATE application SET notice_due_date = $2 WHERE id = $1`, [a.id, deadline]);
        }
        if (today <= deadline) continue;
        // updated_at moves too: a copy of the application held elsewhere (RecentApplications) is then stale for sure
        await tx.query(`UPDATE application SET deemed_accepted_from = $2, updated_at = $3 WHERE id = $1`, [a.id, a.received_date, now]);
        const id = randomUUID();
        const message = `申请（${a.project}）自${a.received_date}收到材料起${NOTICE_WORKING_DAYS}个工作日内（至${deadline}）未一次性告知也未作出决定，依法自收到材料之日起即为受理`;
        const inserted: unknown[] = await tx.query(
          `INSERT INTO alarm (id, kind, level, message, application_id, raised_at) VALUES ($1, 'deemed_acceptance', 'red', $2, $3, $4)
           ON CONFLICT (kind, application_id) DO NOTHING RETURNING id`,
          [id, message, a.id, now],
        );
        if (inserted.length === 0) continue;
        await this.outbox.add(tx, Events.alarmRaised, {
          alarmId: id,
          kind: 'deemed_acceptance',
          level: 'red',
          message,
          applicationId: a.id,
          raisedAt: now.toISOString(),
          project: a.project,
          receivedDate: a.received_date,
          dueDate: deadline,
          receivedBy: a.created_by,
        });
        raised++;
      }
      if (raised > 0) this.logger.warn(`${raised} application(s) deemed accepted (Art. 32)`);
      return raised + (await this.complaintsOverdue(tx, today, now));
    });
  }

  /**
   * 投诉 not answered by its deadline (`due_date`, the last working day to answer), like review tasks: on its last day
   * a yellow alarm (`complaint_due_soon`), once the day has passed a red one (`complaint_overdue`), each once per
   * complaint (unique per kind and complaint), while the complaint is still open; to its handler, the responsible
   * department's heads and the supervisors (notification sends the SMS).
   */
  private async complaintsOverdue(tx: EntityManager, today: string, now: Date): Promise<number> {
    const due = (await tx.query(
      `SELECT c.id, c.topic, c.handler, c.department, c.case_no, c.due_date::text AS due_date,
              CASE WHEN c.due_date < $1 THEN 'complaint_overdue' ELSE 'complaint_due_soon' END AS kind
       FROM consultation c
       WHERE c.kind = 'complaint' AND c.status = 'open' AND c.due_date <= $1
         AND NOT EXISTS (SELECT 1 FROM alarm x WHERE x.consultation_id = c.id
                         AND x.kind = CASE WHEN c.due_date < $1 THEN 'complaint_overdue' ELSE 'complaint_due_soon' END)
       ORDER BY c.due_date LIMIT 1000 FOR UPDATE OF c SKIP LOCKED`,
      [today],
    )) as { id: string; topic: string; handler: string | null; department: string | null; case_no: string | null; due_date: string; kind: 'complaint_overdue' | 'complaint_due_soon' }[];
    let raised = 0;
    for (const c of due) {
      const id = randomUUID();
      const red = c.kind === 'complaint_overdue';
      const level = red ? 'red' : 'yellow';
      const who = [c.department ? `责任部门${c.department}` : '', c.handler ? `承办人${c.handler}` : ''].filter(Boolean).join('，');
      const message = red
        ? `投诉（${c.topic}）应于${c.due_date}前答复，已超期未办结${who ? `（${who}）` : ''}`
        : `投诉（${c.topic}）今日（${c.due_date}）到期，尚未答复${who ? `（${who}）` : ''}`;
      const inserted: unknown[] = await tx.query(
        `INSERT INTO alarm (id, kind, level, message, consultation_id, case_no, department, raised_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (kind, consultation_id) DO NOTHING RETURNING id`,
        [id, c.kind, level, message, c.id, c.case_no, c.department, now],
      );
      if (inserted.length === 0) continue;
      await this.outbox.add(tx, Events.alarmRaised, {
        alarmId: id,
        kind: c.kind,
        level,
        message,
        raisedAt: now.toISOString(),
        consultationId: c.id,
        topic: c.topic,
        dueDate: c.due_date,
        ...(c.handler ? { handler: c.handler } : {}),
        ...(c.department ? { department: c.department } : {}),
        ...(c.case_no ? { caseNo: c.case_no } : {}),
      });
      raised++;
    }
    if (raised > 0) this.logger.warn(`${raised} complaint alarm(s) raised`);
    return raised;
  }

  async list(req: ListAlarmsRequest): Promise<AlarmView[]> {
    requireActor('supervisor', 'clerk', 'admin');
    const rows = (await this.ds.query(
      `SELECT * FROM alarm WHERE ($1::text IS NULL OR level = $1) AND ($2 OR acknowledged_at IS NULL) ORDER BY raised_at DESC LIMIT 500`,
      [req.level ?? null, req.includeAcknowledged === 'true'],
    )) as AlarmRow[];
    return rows.map(view);
  }

  async acknowledge(id: string): Promise<AlarmView> {
    const actor = requireActor('supervisor', 'clerk');
    const [, affected] = (await this.ds.query(`UPDATE alarm SET acknowledged_at = $3, acknowledged_by = $2 WHERE id = $1 AND acknowledged_at IS NULL`, [id, actor.username, this.clock.now()])) as [
      unknown,
      number,
    ];
    const [row] = (await this.ds.query(`SELECT * FROM alarm WHERE id = $1`, [id])) as AlarmRow[];
    if (!row) throw AppError.notFound('alarm');
    if (affected === 0 && row.acknowledged_by !== actor.username) {
      throw new AppError('CONFLICT', `already acknowledged by ${row.acknowledged_by}`);
    }
    return view(row);
  }
}

function view(r: AlarmRow): AlarmView {
  return {
    id: r.id,
    kind: r.kind,
    level: r.level,
    message: r.message,
    raisedAt: r.raised_at.toISOString(),
    ...(r.application_id ? { applicationId: r.application_id } : {}),
    ...(r.case_no ? { caseNo: r.case_no } : {}),
    ...(r.consultation_id ? { consultationId: r.consultation_id } : {}),
    ...(r.department ? { department: r.department } : {}),
    ...(r.acknowledged_at ? { acknowledgedAt: r.acknowledged_at.toISOString() } : {}),
    ...(r.acknowledged_by ? { acknowledgedBy: r.acknowledged_by } : {}),
  };
}
