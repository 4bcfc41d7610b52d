import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, Events, type TaskView, type VerifyCommitmentRequest } from '@yichuang/contracts';
import { assertTaskTransition, COMMITMENT_RESULT_TEXT, isDecided, isTaskPaused } from '@yichuang/domain';
import { Clock, Outbox } from '@yichuang/platform';
import { ReviewTask } from '../tasks/task.entities.js';
import { alreadyDecided, claimedByOther, pausedTask, reviewer, TasksService } from '../tasks/tasks.service.js';

/**
 * The department's conclusion on a follow-up check (事后核查) of a commitment: true (the task is approved), or false
 * (denied — the item's documents are revoked by the certificate service, Art. 69, and the applicant told).
 * Recorded with the opinion; `commitment.verified` in the same transaction.
 */
@Injectable()
export class VerifyCommitment {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly tasks: TasksService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async execute(req: VerifyCommitmentRequest): Promise<TaskView> {
    const actor = reviewer();
    return this.ds.transaction(async (tx) => {
      const task = await this.tasks.lockOwn(tx, req.id, actor);
      if (task.kind !== 'verification') throw new AppError('INVALID_STATE', 'this task is a review: decide it');
      if (isDecided(task.status)) throw alreadyDecided(task);
      if (isTaskPaused(task.status)) throw pausedTask(task);
      const now = this.clock.now();
      if (task.status === 'pending') await this.tasks.take(tx, task, actor, now);
      else if (task.assignee !== actor.username) throw claimedByOther(task);
      const outcome = req.result === 'consistent' ? 'approve' : 'deny';
      const to = outcome === 'approve' ? 'approved' : 'denied';
      assertTaskTransition(task.status, to);
      Object.assign(task, { status: to, outcome, opinion: req.opinion, decidedBy: actor.username, decidedAt: now });
      await tx.update(ReviewTask, { id: task.id }, { status: to, outcome, opinion: req.opinion, decidedBy: actor.username, decidedAt: now });
      await this.tasks.record(tx, task.id, actor.username, 'verified', `${COMMITMENT_RESULT_TEXT[req.result]}：${req.opinion}`, now);
      await this.outbox.add(tx, Events.commitmentVerified, {
        taskId: task.id,
        caseNo: task.caseNo,
        itemCode: task.itemCode,
        itemName: task.itemName,
        departmentCode: task.departmentCode,
        result: req.result,
        opinion: req.opinion,
        verifiedBy: actor.username,
        verifiedAt: now.toISOString(),
      });
      return this.tasks.view(task);
    });
  }
}
