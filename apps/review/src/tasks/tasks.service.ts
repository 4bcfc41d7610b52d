import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, type EntityManager, type FindOptionsWhere } from 'typeorm';
import {
  type EventDef,
  REFUSAL_RIGHTS_NOTICE,
  AppError,
  Events,
  TASK_STATUSES,
  type Actor,
  type AddOpinionRequest,
  type AssignTaskRequest,
  type CaseAcceptedV1,
  type DecideTaskRequest,
  type EventEnvelope,
  type ListTasksRequest,
  type TaskStatus,
  type TaskActionView,
  type TaskDetailView,
  type TaskLedgerView,
  type TaskPauseView,
  type TasksCreatedV1,
  type TaskView,
} from '@yichuang/contracts';
import { assertTaskTransition, CalendarRangeError, isDecided, isProvisionalDeadline, isTaskPaused, OUTCOME_TEXT, type Pause, type TaskActionKind, type WorkingCalendar } from '@yichuang/domain';
import { CalendarClient, Clock, OnEvent, Outbox, requireActor } from '@yichuang/platform';
import { ReviewTask, TaskAction } from './task.entities.js';
import { taskClock } from './remaining-days.js';
import { DepartmentFeed } from '../department/department-feed.js';
import { TaskPause } from '../procedures/pause.entity.js';
import { ReviewMeeting, ReviewMeetingOpinion } from '../meetings/meeting.entities.js';

/** Decided tasks listed at most in a department's inbox (the most recently decided); open tasks are never cut. */
export const DECIDED_HISTORY_LIMIT = 500;

const OPEN_STATUSES: TaskStatus[] = TASK_STATUSES.filter((s) => !isDecided(s));
const DECIDED_STATUSES: TaskStatus[] = TASK_STATUSES.filter((s) => isDecided(s));

/** 后台分类办理: the departments' review tasks. */
@Injectable()
export class TasksService {
  private readonly logger = new Logger('Tasks');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly calendar: CalendarClient,
    private readonly clock: Clock,
    private readonly feed: DepartmentFeed,
  ) {}

  /**
   * Parallel dispatch (并联审批): one task per promised item of an accepted case. Instant and
   * notify-and-commit items were decided at the window. Unique per (case, item): a duplicate event,
   * even under another event id, creates nothing and publishes nothing.
   */
  @OnEvent({ event: Events.caseAccepted })
  async onCaseAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    const items = e.data.items.filter((i) => i.kind === 'promised');
    if (items.length === 0) return;
    const now = this.clock.now();
    const taskIds = items.map(() => randomUUID());
    // set-based: every task of the case and its 'created' action in one statement; a task that exists is kept
    const rows = (await tx.query(
      `WITH x AS (
         SELECT * FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::date[]) WITH ORDINALITY
           AS x(id, item_code, item_name, department_code, department_name, promised_days, due_date, n)),
       t AS (
         INSERT INTO review_task (id, case_no, item_code, item_name, department_code, department_name, promised_days, start_date, due_date, status, created_at)
         SELECT x.id, $1, x.item_code, x.item_name, x.department_code, x.department_name, x.promised_days, $9, x.due_date, 'pending', $10 FROM x ORDER BY x.n
         ON CONFLICT (case_no, item_code) DO NOTHING RETURNING id),
       a AS (INSERT INTO task_action (task_id, at, actor, action, note) SELECT t.id, $10, 'system', 'created', $11 FROM t)
       SELECT id FROM t`,
      [
        e.data.caseNo,
        taskIds,
        items.map((i) => i.itemCode),
        items.map((i) => i.itemName),
        items.map((i) => i.departmentCode),
        items.map((i) => i.departmentName),
        items.map((i) => i.promisedDays),
        items.map((i) => i.dueDate),
        e.data.acceptedDate,
        now,
        `由综合窗口分送（受理人 ${e.data.acceptedBy}）`,
      ],
    )) as { id: string }[];
    const inserted = new Set(rows.map((r) => r.id));
    // in the case's item order (RETURNING has none)
    const created: TasksCreatedV1['tasks'] = items.flatMap((item, i) => {
      const taskId = taskIds[i] as string;
      return inserted.has(taskId) ? [{ taskId, itemCode: item.itemCode, departmentCode: item.departmentCode, dueDate: item.dueDate }] : [];
    });
    if (created.length > 0) {
      // one INSERT: the case's tasks.created, and each department's feed event of its new task
      await this.outbox.addMany(tx, [
        { def: Events.tasksCreated as EventDef<object>, data: { caseNo: e.data.caseNo, tasks: created } },
        ...this.feed.assigned(
          items.flatMap((item, i) => {
            const taskId = taskIds[i] as string;
            if (!inserted.has(taskId)) return [];
            const t = { taskId, caseNo: e.data.caseNo, itemCode: item.itemCode, itemName: item.itemName, dueDate: item.dueDate, promisedDays: item.promisedDays };
            return [{ ...t, departmentCode: item.departmentCode }];
          }),
        ),
      ]);
      this.logger.log(`case ${e.data.caseNo}: ${created.length} review task(s) created`);
    }
  }

  /** The caller's department's tasks, by due date. Every open task; the last decided ones. */
  async list(req: ListTasksRequest): Promise<TaskView[]> {
    const actor = reviewer();
    const repo = this.ds.getRepository(ReviewTask);
    const where = (status: FindOptionsWhere<ReviewTask>['status']): FindOptionsWhere<ReviewTask> => ({
      departmentCode: actor.department,
      status,
      ...(req.caseNo ? { caseNo: req.caseNo } : {}),
    });
    const wantOpen = !req.status || !isDecided(req.status);
    const wantDecided = !req.status || isDecided(req.status);
    const [open, decided] = await Promise.all([
      wantOpen ? repo.find({ where: where(req.status ?? In(OPEN_STATUSES)) }) : [],
      wantDecided
        ? repo.find({ where: where(req.status ?? In(DECIDED_STATUSES)), order: { decidedAt: 'DESC' }, take: DECIDED_HISTORY_LIMIT })
        : [],
    ]);
    const tasks = [...open, ...decided].sort(
      (a, b) => a.dueDate.localeCompare(b.dueDate) || a.createdAt.getTime() - b.createdAt.getTime() || a.itemCode.localeCompare(b.itemCode),
    );
    return this.views(tasks);
  }

  /** Every task of a case, whatever the department (the gateway checks who may see the case). */
  async ofCase(caseNo: string): Promise<TaskView[]> {
    const tasks = await this.ds.getRepository(ReviewTask).find({ where: { caseNo }, order: { itemCode: 'ASC' } });
    return this.views(tasks);
  }

  async ofCases(caseNos: string[]): Promise<TaskView[]> {
    if (caseNos.length === 0) return [];
    const tasks = await this.ds.getRepository(ReviewTask).find({ where: { caseNo: In(caseNos) }, order: { caseNo: 'ASC', itemCode: 'ASC' } });
    return this.views(tasks);
  }

  /** A reviewer takes a pending task of the department. Taking one's own task again changes nothing. */
  async claim(id: string): Promise<TaskView> {
    const actor = reviewer();
    return this.ds.transaction(async (tx) => {
      const task = await this.lockOwn(tx, id, actor);
      if (isDecided(task.status)) throw alreadyDecided(task);
      if (task.status !== 'pending') {
        if (task.assignee === actor.username) return this.view(task);
        throw claimedByOther(task);
      }
      await this.take(tx, task, actor, this.clock.now());
      return this.view(task);
    });
  }

  /**
   * 准予许可 / 不予许可, with the reviewer's opinion. A pending task is first claimed by the decider (recorded);
   * a task claimed by a colleague is theirs to decide (CONFLICT); a decided one answers ALREADY_DECIDED.
   */
  async decide(req: DecideTaskRequest): Promise<TaskView> {
    const actor = reviewer();
    return this.ds.transaction(async (tx) => {
      const task = await this.lockOwn(tx, req.id, actor);
      if (isDecided(task.status)) throw alreadyDecided(task);
      if (isTaskPaused(task.status)) throw pausedTask(task);
      if (task.kind === 'verification') throw new AppError('INVALID_STATE', 'a follow-up check (事后核查) is concluded with verify-commitment, not decided');
      const now = this.clock.now();
      if (task.status === 'pending') await this.take(tx, task, actor, now);
      else if (task.assignee !== actor.username) throw claimedByOther(task);
      const to: TaskStatus = req.outcome === 'approve' ? 'approved' : 'denied';
      assertTaskTransition(task.status, to); // suspended or awaiting correction: INVALID_STATE
      Object.assign(task, { status: to, outcome: req.outcome, opinion: req.opinion, decidedBy: actor.username, decidedAt: now });
      await tx.update(ReviewTask, { id: task.id }, { status: to, outcome: req.outcome, opinion: req.opinion, decidedBy: actor.username, decidedAt: now });
      await this.record(tx, task.id, actor.username, 'decided', `${OUTCOME_TEXT[req.outcome]}：${req.opinion}`, now);
      await this.outbox.add(tx, Events.taskDecided, {
        taskId: task.id,
        caseNo: task.caseNo,
        itemCode: task.itemCode,
        departmentCode: task.departmentCode,
        outcome: req.outcome,
        opinion: req.opinion,
        decidedBy: actor.username,
        decidedAt: now.toISOString(),
      });
      return this.view(task);
    });
  }

  /**
   * The department head (role `department_head`) gives a pending or claimed task of the department to a
   * reviewer (assignment or reassignment), recorded. Suspended or correction-waiting: INVALID_STATE.
   */
  async assign(req: AssignTaskRequest): Promise<TaskView> {
    const actor = reviewer();
    if (!actor.roles.includes('department_head')) throw new AppError('FORBIDDEN', 'only the department head assigns tasks');
    return this.ds.transaction(async (tx) => {
      const task = await this.lockOwn(tx, req.id, actor);
      if (isDecided(task.status)) throw alreadyDecided(task);
      if (task.status !== 'pending' && task.status !== 'claimed') throw pausedTask(task);
      if (task.status === 'pending') assertTaskTransition(task.status, 'claimed');
      const from = task.assignee;
      Object.assign(task, { status: 'claimed', assignee: req.assignee });
      await tx.update(ReviewTask, { id: task.id }, { status: 'claimed', assignee: req.assignee });
      const note = `${from ? `由 ${from} 改派给` : '分派给'} ${req.assignee}${req.note ? `：${req.note}` : ''}`;
      await this.record(tx, task.id, actor.username, 'assigned', note, this.clock.now());
      return this.view(task);
    });
  }

  /** A reviewer's opinion on an open task of the department, recorded step by step. */
  async addOpinion(req: AddOpinionRequest): Promise<TaskDetailView> {
    const actor = reviewer();
    await this.ds.transaction(async (tx) => {
      const task = await this.lockOwn(tx, req.id, actor);
      if (isDecided(task.status)) throw alreadyDecided(task);
      await this.record(tx, task.id, actor.username, 'opinion', req.opinion, this.clock.now());
    });
    return this.detail(req.id);
  }

  /** The task's whole record: pauses, every step, joint review meetings, correction requests. */
  async detail(id: string): Promise<TaskDetailView> {
    const actor = reviewer();
    const task = await this.ds.getRepository(ReviewTask).findOne({ where: { id } });
    if (!task || task.departmentCode !== actor.department) throw AppError.notFound('task');
    const [view, pauses, actions, meetings] = await Promise.all([
      this.view(task),
      this.ds.getRepository(TaskPause).find({ where: { taskId: id }, order: { startedAt: 'ASC' } }),
      this.ds.getRepository(TaskAction).find({ where: { taskId: id }, order: { seq: 'ASC' } }),
      this.ds.getRepository(ReviewMeeting).find({ where: { taskId: id }, order: { convenedAt: 'ASC' } }),
    ]);
    const opinions = meetings.length
      ? await this.ds.getRepository(ReviewMeetingOpinion).find({ where: { meetingId: In(meetings.map((m) => m.id)) }, order: { givenAt: 'ASC' } })
      : [];
    return {
      ...view,
      promisedDays: task.promisedDays,
      startDate: task.startDate,
      pauses: pauses.map(
        (p): TaskPauseView => ({
          kind: p.kind,
          ...(p.procedure ? { procedure: p.procedure } : {}),
          reason: p.reason,
          ...(p.expectedWorkingDays !== null ? { expectedWorkingDays: p.expectedWorkingDays } : {}),
          from: p.fromDate,
          ...(p.toDate ? { to: p.toDate } : {}),
          startedBy: p.startedBy,
          ...(p.endedBy ? { endedBy: p.endedBy } : {}),
        }),
      ),
      actions: actions.map((a): TaskActionView => ({ at: a.at.toISOString(), actor: a.actor, action: a.action, ...(a.note ? { note: a.note } : {}) })),
      meetings: meetings.map((m) => ({
        id: m.id,
        topic: m.topic,
        sections: m.sections,
        opinions: opinions
          .filter((o) => o.meetingId === m.id)
          .map((o) => ({ section: o.section, position: o.position, opinion: o.opinion, by: o.givenBy, at: o.givenAt.toISOString() })),
        ...(m.conclusion ? { conclusion: m.conclusion } : {}),
        ...(m.concludedAt ? { concludedAt: m.concludedAt.toISOString() } : {}),
      })),
      corrections: pauses
        .filter((p) => p.kind === 'correction')
        .map((p) => ({
          items: p.items ?? [],
          requestedAt: p.startedAt.toISOString(),
          requestedBy: p.startedBy,
          ...(p.endedAt ? { supplementedAt: p.endedAt.toISOString() } : {}),
        })),
    };
  }

  /**
   * The task's clock day by day: `calendar.deadline(start_date, promised_days, pauses)`, an open pause
   * counting up to today (so while paused the due date shown is the one a resumption tomorrow would give).
   * Elapsed: counted days up to today; remaining: counted days after today (overdue: negative).
   */
  async ledger(id: string): Promise<TaskLedgerView> {
    const actor = reviewer();
    const task = await this.ds.getRepository(ReviewTask).findOne({ where: { id } });
    if (!task || task.departmentCode !== actor.department) throw AppError.notFound('task');
    const calendar = await this.requireCalendar();
    const today = this.clock.today();
    const pauses = await this.pausesOf(this.ds.manager, id, today);
    try {
      const { dueDate, days, provisional } = calendar.deadline(task.startDate, task.promisedDays, pauses);
      return {
        taskId: id,
        startDate: task.startDate,
        promisedDays: task.promisedDays,
        dueDate,
        provisional,
        elapsedWorkingDays: days.filter((d) => d.counted && d.date <= today).length,
        remainingWorkingDays: calendar.remainingWorkingDays(task.startDate, task.promisedDays, pauses, today),
        days,
      };
    } catch (err) {
      if (err instanceof CalendarRangeError) throw new AppError('CALENDAR_OUT_OF_RANGE', err.message);
      throw err;
    }
  }

  /**
   * The pauses of a task for the arithmetic: closed ones as recorded (those ended on their first day cover
   * no day and are left out); an open one up to `openUntil` when given, else left out.
   */
  async pausesOf(m: EntityManager, taskId: string, openUntil?: string): Promise<Pause[]> {
    const rows = await m.getRepository(TaskPause).find({ where: { taskId }, order: { startedAt: 'ASC' } });
    const pauses: Pause[] = [];
    for (const p of rows) {
      const to = p.endedAt ? p.toDate : openUntil;
      if (to && to >= p.fromDate) pauses.push({ from: p.fromDate, to, kind: p.kind });
    }
    return pauses;
  }

  /** The due date of the task with all its closed pauses. */
  async recomputeDueDate(tx: EntityManager, task: ReviewTask): Promise<string> {
    const calendar = await this.requireCalendar();
    try {
      return calendar.deadline(task.startDate, task.promisedDays, await this.pausesOf(tx, task.id)).dueDate;
    } catch (err) {
      if (err instanceof CalendarRangeError) throw new AppError('CALENDAR_OUT_OF_RANGE', err.message);
      throw err;
    }
  }

  async requireCalendar(): Promise<WorkingCalendar> {
    const calendar = await this.workingCalendar();
    if (!calendar) throw new AppError('SERVICE_UNAVAILABLE', 'the working-day calendar is not available (admin unreachable)');
    return calendar;
  }

  /** The first day of each open pause, by task. */
  private async openPauseStarts(taskIds: string[]): Promise<Map<string, string>> {
    if (taskIds.length === 0) return new Map();
    const rows = await this.ds.getRepository(TaskPause).find({ where: { taskId: In(taskIds), endedAt: IsNull() } });
    return new Map(rows.map((p) => [p.taskId, p.fromDate]));
  }

  /** pending → claimed by the actor, recorded. */
  async take(tx: EntityManager, task: ReviewTask, actor: Actor, at: Date): Promise<void> {
    assertTaskTransition(task.status, 'claimed');
    task.status = 'claimed';
    task.assignee = actor.username;
    await tx.update(ReviewTask, { id: task.id }, { status: 'claimed', assignee: actor.username });
    await this.record(tx, task.id, actor.username, 'claimed', null, at);
  }

  /** A task of the caller's department, locked; another department's task does not exist for the caller. */
  async lockOwn(tx: EntityManager, id: string, actor: Actor & { department: string }): Promise<ReviewTask> {
    const task = await tx.getRepository(ReviewTask).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!task || task.departmentCode !== actor.department) throw AppError.notFound('task');
    return task;
  }

  async record(tx: EntityManager, taskId: string, actor: string, action: TaskActionKind, note: string | null, at: Date): Promise<void> {
    await tx.insert(TaskAction, { taskId, actor, action, note, at });
  }

  async view(task: ReviewTask): Promise<TaskView> {
    const [view] = await this.views([task]);
    if (!view) throw new Error('no view of the task');
    return view;
  }

  private async views(tasks: ReviewTask[]): Promise<TaskView[]> {
    if (tasks.length === 0) return [];
    const calendar = await this.workingCalendar();
    const today = this.clock.today();
    const pausedSince = await this.openPauseStarts(tasks.filter((t) => isTaskPaused(t.status)).map((t) => t.id));
    let calendarDays = 0;
    const views = tasks.map((t): TaskView => {
      // a paused task's clock is frozen as it stood when the pause began (its first day not counted)
      const clock = taskClock(calendar, pausedSince.get(t.id) ?? today, t.dueDate, t.status);
      if (!clock.workingDays && !isDecided(t.status)) calendarDays++;
      return {
        id: t.id,
        caseNo: t.caseNo,
        itemCode: t.itemCode,
        itemName: t.itemName,
        department: t.departmentCode,
        status: t.status,
        kind: t.kind,
        dueDate: t.dueDate,
        dueDateProvisional: isProvisionalDeadline(calendar, t.startDate, t.dueDate),
        remainingWorkingDays: clock.remainingWorkingDays,
        suspended: t.status === 'suspended',
        alarm: clock.alarm,
        ...(t.assignee ? { assignee: t.assignee } : {}),
        ...(t.outcome ? { outcome: t.outcome } : {}),
        ...(t.opinion ? { opinion: t.opinion } : {}),
        ...(t.decidedAt ? { decidedAt: t.decidedAt.toISOString() } : {}),
        ...(t.decidedBy ? { decidedBy: t.decidedBy } : {}),
        ...(t.outcome === 'deny' && t.opinion ? { refusalReason: t.opinion } : {}),
        ...(t.outcome === 'deny' ? { rightsNotice: REFUSAL_RIGHTS_NOTICE } : {}),
      };
    });
    if (calendar && calendarDays > 0) {
      this.logger.warn(`${calendarDays} open task(s) beyond the loaded working-day calendar (today ${today}): remaining days counted as calendar days`);
    }
    return views;
  }

  /** The admin's calendar (cached a minute, the last copy when admin is away); none when never fetched. */
  async workingCalendar(): Promise<WorkingCalendar | undefined> {
    try {
      return await this.calendar.calendar();
    } catch (err) {
      this.logger.warn(`no working-day calendar from admin, remaining days counted as calendar days: ${(err as Error).message}`);
      return undefined;
    }
  }
}

/** A reviewer of a department: the only one who may see and act on that department's tasks. */
export function reviewer(): Actor & { department: string } {
  const actor = requireActor('reviewer');
  if (!actor.department) throw new AppError('FORBIDDEN', 'a reviewer without a department cannot review');
  return { ...actor, department: actor.department };
}

export function alreadyDecided(task: ReviewTask): AppError {
  return new AppError('ALREADY_DECIDED', `the task was already decided (${task.outcome ?? task.status}) by ${task.decidedBy ?? 'unknown'}`);
}

/** A suspended or correction-waiting task: its clock is stopped, it cannot be decided or reassigned. */
export function pausedTask(task: ReviewTask): AppError {
  return new AppError(
    'INVALID_STATE',
    task.status === 'suspended' ? 'the task is suspended for a special procedure: resume it first' : 'the task waits for the applicant\'s corrections',
  );
}

export function claimedByOther(task: ReviewTask): AppError {
  return new AppError('CONFLICT', `the task is claimed by ${task.assignee ?? 'another reviewer'}`);
}
