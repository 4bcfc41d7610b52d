import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Events, type CalendarChangedV1, type DeadlineKind, type DeadlinesMovedV1, type EventEnvelope, type MovedDeadlineView } from '@yichuang/contracts';
import { chinaToday, isProvisionalDeadline, NOTICE_WORKING_DAYS, PROVISIONAL_TEXT } from '@yichuang/domain';
import { CalendarClient, Clock, OnEvent, requireActor } from '@yichuang/platform';
import { CaseFile } from '../cases/case.entities.js';
import { CasesService } from '../cases/cases.service.js';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';

type IntakeDeadlineKind = Exclude<DeadlineKind, 'task'>;

/**
 * The clocks the comprehensive window runs follow the calendar too. When the administrator changes it — a day, or a
 * year's official arrangement replacing the provisional one — every running Art. 32 window (five working days to
 * notify or decide) and every open complaint's deadline that spans a changed day is recomputed, and the move is
 * recorded per calendar version for the administrator. The review tasks' moves arrive as `deadlines.moved` and are
 * written onto the case (its items' due dates, the promised date, the timeline).
 */
@Injectable()
export class CalendarImpactService {
  private readonly logger = new Logger('CalendarImpact');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
    private readonly calendar: CalendarClient,
    private readonly cases: CasesService,
    private readonly clock: Clock,
  ) {}

  @OnEvent({ event: Events.calendarChanged })
  async onCalendarChanged(e: EventEnvelope<CalendarChangedV1>, tx: EntityManager): Promise<void> {
    if (e.data.dates.length === 0) return;
    this.calendar.invalidate(); // the plain subscription may not have refreshed the copy yet
    const calendar = await this.calendar.calendar();
    if ((await this.calendar.version()) < e.data.version) throw new Error(`calendar version ${e.data.version} not served by admin yet`);
    const dates = [...e.data.dates].sort();
    const first = dates[0] as string;
    const last = dates[dates.length - 1] as string;
    const now = this.clock.now();

    const applications = (await tx.query(
      `SELECT a.id, a.received_date::text AS start, a.notice_due_date::text AS due FROM application a
       WHERE a.status IN ('submitted', 'incomplete') AND a.deemed_accepted_from IS NULL AND a.notice_due_date IS NOT NULL
         AND a.received_date <= $2 AND a.notice_due_date >= $1
         AND NOT EXISTS (SELECT 1 FROM document d WHERE d.application_id = a.id AND d.kind = 'one_time_notice')
       FOR UPDATE OF a`,
      [first, last],
    )) as { id: string; start: string; due: string }[];
    const complaints = (await tx.query(
      `SELECT id, created_at, due_date::text AS due FROM consultation
       WHERE kind = 'complaint' AND status = 'open' AND due_date IS NOT NULL AND due_date >= $1 FOR UPDATE`,
      [first],
    )) as { id: string; created_at: Date; due: string }[];

    let moved = 0;
    for (const a of applications) {
      moved += await this.move(tx, e.data.version, 'art32_notice', a.id, a.due, calendar.addWorkingDays(a.start, NOTICE_WORKING_DAYS), now);
    }
    for (const c of complaints) {
      const start = chinaToday(c.created_at);
      if (start > last) continue;
      moved += await this.move(tx, e.data.version, 'complaint', c.id, c.due, calendar.addWorkingDays(start, this.env.COMPLAINT_WORKING_DAYS), now);
    }
    if (moved > 0) this.logger.log(`calendar version ${e.data.version} moved ${moved} Art. 32 window(s) and complaint deadline(s)`);
  }

  /** Review moved some of a case's task deadlines: the case's items, its promised date and its timeline follow. */
  @OnEvent({ event: Events.deadlinesMoved })
  async onDeadlinesMoved(e: EventEnvelope<DeadlinesMovedV1>, tx: EntityManager): Promise<void> {
    const c = await this.cases.lock(tx, e.data.caseNo);
    const lines: string[] = [];
    for (const t of e.data.tasks) {
      const item = c.items.find((i) => i.itemCode === t.itemCode);
      if (!item) continue;
      item.dueDate = t.newDueDate;
      lines.push(`${item.itemName}：${t.oldDueDate} → ${t.newDueDate}${t.provisional ? `（${PROVISIONAL_TEXT}）` : ''}`);
    }
    if (lines.length === 0) return;
    const promisedDueDate = c.items.map((i) => i.dueDate).sort().at(-1) ?? c.promisedDueDate;
    await tx.update(CaseFile, { caseNo: c.caseNo }, { items: c.items, promisedDueDate, updatedAt: this.clock.now() });
    const why = e.data.calendarYears.length > 0 ? `${e.data.calendarYears.join('、')}年节假日安排公布` : '工作日历调整';
    await this.cases.note(tx, c.caseNo, 'due_date_moved', 'system', `${why}，承诺办结日期调整：${lines.join('；')}`, new Date(e.data.movedAt));
  }

  /** The Art. 32 windows and complaint deadlines a calendar version moved. */
  async moved(version: number): Promise<MovedDeadlineView[]> {
    requireActor('admin', 'supervisor');
    const rows = (await this.ds.query(
      `SELECT kind, ref, old_due_date::text AS old_due_date, new_due_date::text AS new_due_date, changed_at FROM deadline_change
       WHERE calendar_version = $1 ORDER BY kind, new_due_date, ref`,
      [version],
    )) as { kind: IntakeDeadlineKind; ref: string; old_due_date: string; new_due_date: string; changed_at: Date }[];
    const calendar = await this.calendar.calendar().catch(() => undefined);
    const starts = await this.starts(rows);
    return rows.map((r) => ({
      kind: r.kind,
      ...(r.kind === 'art32_notice' ? { applicationId: r.ref } : { consultationId: r.ref }),
      oldDueDate: r.old_due_date,
      newDueDate: r.new_due_date,
      provisional: isProvisionalDeadline(calendar, starts.get(r.ref) ?? r.old_due_date, r.new_due_date),
      changedAt: r.changed_at.toISOString(),
    }));
  }

  private async move(tx: EntityManager, version: number, kind: IntakeDeadlineKind, ref: string, old: string, due: string, at: Date): Promise<number> {
    if (due === old) return 0;
    await tx.query(kind === 'art32_notice' ? `UPDATE application SET notice_due_date = $2 WHERE id = $1` : `UPDATE consultation SET due_date = $2 WHERE id = $1`, [ref, due]);
    await tx.query(
      `INSERT INTO deadline_change (calendar_version, kind, ref, old_due_date, new_due_date, changed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [version, kind, ref, old, due, at],
    );
    return 1;
  }

  /** When each listed clock started: the day the materials arrived, or the day the complaint was made. */
  private async starts(rows: { kind: IntakeDeadlineKind; ref: string }[]): Promise<Map<string, string>> {
    const apps = rows.filter((r) => r.kind === 'art32_notice').map((r) => r.ref);
    const complaints = rows.filter((r) => r.kind === 'complaint').map((r) => r.ref);
    const a = apps.length ? ((await this.ds.query(`SELECT id, received_date::text AS start FROM application WHERE id = ANY($1::uuid[])`, [apps])) as { id: string; start: string }[]) : [];
    const c = complaints.length ? ((await this.ds.query(`SELECT id, created_at FROM consultation WHERE id = ANY($1::uuid[])`, [complaints])) as { id: string; created_at: Date }[]) : [];
    return new Map([...a.map((r) => [r.id, r.start] as const), ...c.map((r) => [r.id, chinaToday(r.created_at)] as const)]);
  }
}

