import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type Actor,
  type CaseAcceptedV1,
  type DecideTaskRequest,
  type EventEnvelope,
  type ListTasksRequest,
  type TaskView,
} from '@yichuang/contracts';
import { alarmLevel, assertTaskTransition, isDecided, type WorkingCalendar } from '@yichuang/domain';
import { CalendarClient, Clock, OnEvent, Outbox, requireActor } from '@yichuang/platform';
import { ReviewTask, TaskAction } from './task.entities.js';

/** 后台分类办理: the departments' review tasks. */
@Injectable()
export class TasksService {
  private readonly logger = new Logger('Tasks');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly calendar: CalendarClient,
    private readonly clock: Clock,
  ) {}

  /** Parallel dispatch (并联审批): one task per promised item, from the one case.accepted event. */
  @OnEvent({ event: Events.caseAccepted })
  async onCaseAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    const created: { taskId: string; itemCode: string; departmentCode: string; dueDate: string }[] = [];
    const now = new Date();
    for (const item of e.data.items.filter((i) => i.kind === 'promised')) {
      const id = randomUUID();
      const inserted: unknown[] = await tx.query(
        `INSERT INTO review_task (id, case_no, item_code, item_name, department_code, department_name, promised_days, start_date, due_date, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10) ON CONFLICT (case_no, item_code) DO NOTHING RETURNING id`,
        [id, e.data.caseNo, item.itemCode, item.itemName, item.departmentCode, item.departmentName, item.promisedDays, e.data.acceptedDate, item.dueDate, now],
      );
      if (inserted.length === 0) continue;
      await this.record(tx, id, 'system', 'created', `由综合窗口分送（${e.data.acceptedBy}）`, now);
      created.push({ taskId: id, itemCode: item.itemCode, departmentCode: item.departmentCode, dueDate: item.dueDate });
    }
    if (created.length > 0) await this.outbox.add(tx, Events.tasksCreated, { caseNo: e.data.caseNo, tasks: created });
  }

  async list(req: ListTasksRequest): Promise<TaskView[]> {
    const actor = reviewer();
    const tasks = await this.ds.getRepository(ReviewTask).find({
      where: { departmentCode: actor.department, ...(req.status ? { status: req.status } : {}), ...(req.caseNo ? { caseNo: req.caseNo } : {}) },
      order: { dueDate: 'ASC', createdAt: 'ASC' },
      take: 500,
    });
    return this.views(tasks);
  }

  async ofCase(caseNo: string): Promise<TaskView[]> {
    const tasks = await this.ds.getRepository(ReviewTask).find({ where: { caseNo }, order: { itemCode: 'ASC' } });
    return this.views(tasks);
  }

  async ofCases(caseNos: string[]): Promise<TaskView[]> {
    if (caseNos.length === 0) return [];
    const tasks = await this.ds.getRepository(ReviewTask).find({ where: { caseNo: In(caseNos) }, order: { caseNo: 'ASC', itemCode: 'ASC' } });
    return this.views(tasks);
  }

  async claim(id: string): Promise<TaskView> {
    const actor = reviewer();
    return this.ds.transaction(async (tx) => {
      const task = await this.lockOwn(tx, id, actor);
      if (isDecided(task.status)) throw new AppError('ALREADY_DECIDED', 'the task is already decided');
      if (task.status === 'claimed') {
        if (task.assignee === actor.username) return (await this.views([task]))[0] as TaskView;
        throw new AppError('CONFLICT', `the task is claimed by ${task.assignee}`);
      }
      assertTaskTransition(task.status, 'claimed');
      task.status = 'claimed';
      task.assignee = actor.username;
      await tx.save(task);
      await this.record(tx, task.id, actor.username, 'claimed', null);
      return (await this.views([task]))[0] as TaskView;
    });
  }

  /** 准予许可 / 不予许可. A pending task is claimed by the decider first; a decided one answers 409. */
  async decide(req: DecideTaskRequest): Promise<TaskView> {
    const actor = reviewer();
    return this.ds.transaction(async (tx) => {
      const task = await this.lockOwn(tx, req.id, actor);
      if (isDecided(task.status)) throw new AppError('ALREADY_DECIDED', `the task was already decided (${task.outcome}) by ${task.decidedBy}`);
      const now = new Date();
      if (task.status === 'pending') {
        task.status = 'claimed';
        task.assignee = actor.username;
        await this.record(tx, task.id, actor.username, 'claimed', null, now);
      }
      const to = req.outcome === 'approve' ? 'approved' : 'denied';
      assertTaskTransition(task.status, to);
      Object.assign(task, { status: to, outcome: req.outcome, opinion: req.opinion, decidedBy: actor.username, decidedAt: now });
      await tx.save(task);
      await this.record(tx, task.id, actor.username, req.outcome === 'approve' ? 'approved' : 'denied', req.opinion, now);
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
      return (await this.views([task]))[0] as TaskView;
    });
  }

  /** A task of the caller's department, locked; another department's task does not exist for the caller. */
  private async lockOwn(tx: EntityManager, id: string, actor: Actor): Promise<ReviewTask> {
    const task = await tx.getRepository(ReviewTask).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!task || task.departmentCode !== actor.department) throw AppError.notFound('task');
    return task;
  }

  private async record(tx: EntityManager, taskId: string, actor: string, action: string, note: string | null, at = new Date()): Promise<void> {
    await tx.insert(TaskAction, { taskId, actor, action, note, at });
  }

  private async views(tasks: ReviewTask[]): Promise<TaskView[]> {
    let calendar: WorkingCalendar | undefined;
    try {
      calendar = await this.calendar.calendar();
    } catch (err) {
      this.logger.warn(`no calendar, remaining days unknown: ${(err as Error).message}`);
    }
    const today = this.clock.today();
    return tasks.map((t) => {
      const remaining = remainingDays(calendar, today, t.dueDate);
      return {
        id: t.id,
        caseNo: t.caseNo,
        itemCode: t.itemCode,
        itemName: t.itemName,
        department: t.departmentCode,
        status: t.status,
        dueDate: t.dueDate,
        remainingWorkingDays: remaining,
        suspended: t.status === 'suspended',
        alarm: isDecided(t.status) ? 'none' : alarmLevel(remaining),
        ...(t.assignee ? { assignee: t.assignee } : {}),
        ...(t.outcome ? { outcome: t.outcome } : {}),
        ...(t.opinion ? { opinion: t.opinion } : {}),
        ...(t.decidedAt ? { decidedAt: t.decidedAt.toISOString() } : {}),
        ...(t.decidedBy ? { decidedBy: t.decidedBy } : {}),
      };
    });
  }
}

/** Working days from today to the due date; negative when overdue. */
export function remainingDays(calendar: WorkingCalendar | undefined, today: string, due: string): number {
  if (!calendar) return Math.round((Date.parse(due) - Date.parse(today)) / 86_400_000);
  try {
    return due >= today ? calendar.countWorkingDays(today, due) : -calendar.countWorkingDays(due, today);
  } catch {
    return Math.round((Date.parse(due) - Date.parse(today)) / 86_400_000);
  }
}

/** A reviewer of a department: the only one who may see and act on that department's tasks. */
function reviewer(): Actor & { department: string } {
  const actor = requireActor('reviewer');
  if (!actor.department) throw new AppError('FORBIDDEN', 'a reviewer without a department cannot review');
  return { ...actor, department: actor.department };
}
