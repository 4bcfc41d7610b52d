import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type Actor,
  type EventEnvelope,
  type RequestCorrectionRequest,
  type SupplementReceivedV1,
  type SuspendTaskRequest,
  type TaskView,
} from '@yichuang/contracts';
import {
  addDays,
  assertTaskTransition,
  chinaToday,
  isDecided,
  isTaskPaused,
  isIsoDate,
  PROCEDURE_TEXT,
  TASK_ACTION_TEXT,
  TASK_PAUSE_KIND_TEXT,
  type TaskPauseKind,
} from '@yichuang/domain';
import { Clock, OnEvent, Outbox } from '@yichuang/platform';
import { ReviewTask } from '../tasks/task.entities.js';
import { alreadyDecided, claimedByOther, pausedTask, reviewer, TasksService } from '../tasks/tasks.service.js';
import { TaskPause } from './pause.entity.js';

/**
 * Stops and restarts of a task's clock (行政许可法 Art. 45): special procedures and correction requests (补齐补正).
 *
 * Day rule: a pause starts on the day it is asked for (that day is not counted) and ends the day before the
 * task resumes (the day of resumption counts). A pause resumed on the day it started covers no day at all,
 * so no working day is lost or counted twice. The due date is then
 * `calendar.deadline(start_date, promised_days, closed pauses).dueDate`.
 */
@Injectable()
export class ProceduresService {
  private readonly logger = new Logger('Procedures');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly tasks: TasksService,
  ) {}

  /** 特殊程序 (PROCEDURE_TEXT: 联合踏勘, 部门会商, 专家评审, 公示, 听证, 检验检测): the clock stops; the applicant is told. */
  async suspend(req: SuspendTaskRequest): Promise<TaskView> {
    return this.pause(req.id, 'special_procedure', {
      procedure: req.procedure,
      reason: req.reason,
      expectedWorkingDays: req.expectedWorkingDays,
      items: null,
      note: `${PROCEDURE_TEXT[req.procedure]}（预计 ${req.expectedWorkingDays} 个工作日）：${req.reason}`,
    });
  }

  /** 补齐补正: every item at once; the clock waits for the applicant's supplement. */
  async requestCorrection(req: RequestCorrectionRequest): Promise<TaskView> {
    const items = req.items.map((i) => ({ ...(i.materialCode ? { materialCode: i.materialCode } : {}), description: i.description }));
    const reason = `${TASK_PAUSE_KIND_TEXT.correction}：${items.map((i, n) => `${n + 1}. ${i.description}`).join('；')}`;
    return this.pause(req.id, 'correction', { procedure: null, reason, expectedWorkingDays: null, items, note: reason });
  }

  /** The special procedure is over (or the supplement came in on paper): the clock runs again. */
  async resume(id: string): Promise<TaskView> {
    const actor = reviewer();
    return this.ds.transaction(async (tx) => {
      const task = await this.tasks.lockOwn(tx, id, actor);
      if (isDecided(task.status)) throw alreadyDecided(task);
      if (!isTaskPaused(task.status)) throw new AppError('INVALID_STATE', `the task is ${task.status}, not suspended`);
      this.mayHandle(task, actor);
      await this.restart(tx, task, actor.username, this.clock.today(), task.status === 'suspended' ? `${TASK_PAUSE_KIND_TEXT.special_procedure}结束，恢复计时` : `${TASK_ACTION_TEXT.supplement_received}，恢复计时`);
      return this.tasks.view(task);
    });
  }

  /** intake: the applicant's supplement arrived; every task of the case waiting for corrections resumes. */
  @OnEvent({ event: Events.supplementReceived })
  async onSupplementReceived(e: EventEnvelope<SupplementReceivedV1>, tx: EntityManager): Promise<void> {
    const waiting = await tx
      .getRepository(ReviewTask)
      .find({ where: { caseNo: e.data.caseNo, status: 'correction_requested' }, lock: { mode: 'pessimistic_write' } });
    const received = new Date(e.data.receivedAt);
    const day = Number.isNaN(received.getTime()) ? this.clock.today() : chinaToday(received);
    for (const task of waiting) {
      const codes = e.data.materialCodes.length ? `（${e.data.materialCodes.join('、')}）` : '';
      await this.restart(tx, task, 'system', isIsoDate(day) ? day : this.clock.today(), `申请人${TASK_ACTION_TEXT.supplement_received}${codes}，恢复计时`);
    }
    if (waiting.length) this.logger.log(`case ${e.data.caseNo}: ${waiting.length} task(s) resumed after the supplement`);
  }

  private async pause(
    id: string,
    kind: TaskPauseKind,
    p: Pick<TaskPause, 'procedure' | 'reason' | 'expectedWorkingDays' | 'items'> & { note: string },
  ): Promise<TaskView> {
    const actor = reviewer();
    return this.ds.transaction(async (tx) => {
      const task = await this.tasks.lockOwn(tx, id, actor);
      if (isDecided(task.status)) throw alreadyDecided(task);
      if (isTaskPaused(task.status)) throw pausedTask(task);
      const now = this.clock.now();
      if (task.status === 'pending') await this.tasks.take(tx, task, actor, now);
      else this.mayHandle(task, actor);
      const to = kind === 'correction' ? 'correction_requested' : 'suspended';
      assertTaskTransition(task.status, to);
      const today = this.clock.today();
      await tx.insert(TaskPause, {
        id: randomUUID(),
        taskId: task.id,
        kind,
        procedure: p.procedure,
        reason: p.reason,
        expectedWorkingDays: p.expectedWorkingDays,
        items: p.items,
        fromDate: today,
        toDate: null,
        startedBy: actor.username,
        startedAt: now,
        endedBy: null,
        endedAt: null,
      });
      task.status = to;
      await tx.update(ReviewTask, { id: task.id }, { status: to });
      await this.tasks.record(tx, task.id, actor.username, to, p.note, now);
      await this.outbox.add(tx, Events.taskSuspended, {
        taskId: task.id,
        caseNo: task.caseNo,
        itemCode: task.itemCode,
        departmentCode: task.departmentCode,
        kind,
        ...(p.procedure ? { procedure: p.procedure } : {}),
        reason: p.reason,
        ...(p.expectedWorkingDays !== null ? { expectedWorkingDays: p.expectedWorkingDays } : {}),
        ...(p.items ? { items: p.items } : {}),
        at: now.toISOString(),
      });
      return this.tasks.view(task);
    });
  }

  /** Close the open pause (ending the day before `day`), status → claimed, due date recomputed, taskResumed. */
  private async restart(tx: EntityManager, task: ReviewTask, by: string, day: string, note: string): Promise<void> {
    const now = this.clock.now();
    const open = await tx.getRepository(TaskPause).findOne({ where: { taskId: task.id, endedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
    if (open) {
      // resumed the day it started (or earlier): the pause covers no day, to = from − 1
      const to = addDays(day, -1) >= open.fromDate ? addDays(day, -1) : addDays(open.fromDate, -1);
      await tx.update(TaskPause, { id: open.id }, { toDate: to, endedBy: by, endedAt: now });
    }
    const from = task.status;
    assertTaskTransition(from, 'claimed');
    const dueDate = await this.tasks.recomputeDueDate(tx, task);
    const before = task.dueDate;
    Object.assign(task, { status: 'claimed', dueDate });
    await tx.update(ReviewTask, { id: task.id }, { status: 'claimed', dueDate });
    await this.tasks.record(tx, task.id, by, from === 'correction_requested' ? 'supplement_received' : 'resumed', `${note}；办结期限 ${before} → ${dueDate}`, now);
    await this.outbox.add(tx, Events.taskResumed, { taskId: task.id, caseNo: task.caseNo, departmentCode: task.departmentCode, dueDate, at: now.toISOString() });
  }

  /** The task's assignee, or the department head, handles a claimed task; a colleague gets CONFLICT. */
  private mayHandle(task: ReviewTask, actor: Actor): void {
    if (task.assignee !== actor.username && !actor.roles.includes('department_head')) throw claimedByOther(task);
  }
}
