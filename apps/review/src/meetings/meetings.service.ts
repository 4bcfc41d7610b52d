import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, Rpc, type Actor, type ConcludeMeetingRequest, type ConveneMeetingRequest, type SectionOpinionRequest, type TaskDetailView } from '@yichuang/contracts';
import { isDecided, MEETING_POSITION_TEXT } from '@yichuang/domain';
import { Clock, RpcClient } from '@yichuang/platform';
import { alreadyDecided, reviewer, TasksService } from '../tasks/tasks.service.js';
import { ReviewMeeting, ReviewMeetingOpinion } from './meeting.entities.js';

/**
 * 联审会议: the department convenes its sections on a task, each section gives its opinion (agree, disagree,
 * conditional; the last one given counts), and the meeting concludes once every section has spoken.
 * All of it is part of the task's record (detail, actions).
 */
@Injectable()
export class MeetingsService {
  private readonly logger = new Logger('Meetings');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly tasks: TasksService,
    private readonly rpc: RpcClient,
  ) {}

  async convene(req: ConveneMeetingRequest): Promise<TaskDetailView> {
    const actor = reviewer();
    const asked = [...new Set(req.sections.map((s) => s.trim()))];
    if (asked.some((s) => s.length === 0)) throw new AppError('VALIDATION_FAILED', 'a section must not be blank', [{ field: 'sections', problem: 'blank' }]);
    const sections = await this.configuredSections(actor.department, asked);
    await this.ds.transaction(async (tx) => {
      const task = await this.tasks.lockOwn(tx, req.id, actor);
      if (isDecided(task.status)) throw alreadyDecided(task);
      const now = this.clock.now();
      await tx.insert(ReviewMeeting, {
        id: randomUUID(),
        taskId: task.id,
        topic: req.topic,
        sections,
        convenedBy: actor.username,
        convenedAt: now,
        conclusion: null,
        concludedBy: null,
        concludedAt: null,
      });
      await this.tasks.record(tx, task.id, actor.username, 'meeting_convened', `联审会议：${req.topic}（${sections.join('、')}）`, now);
    });
    return this.tasks.detail(req.id);
  }

  async sectionOpinion(req: SectionOpinionRequest): Promise<TaskDetailView> {
    const actor = reviewer();
    await this.ds.transaction(async (tx) => {
      const meeting = await this.openMeeting(tx, req.id, req.meetingId, actor);
      const section = req.section.trim();
      if (!meeting.sections.includes(section)) {
        throw new AppError('VALIDATION_FAILED', `section ${section} was not convened`, [{ field: 'section', problem: 'not convened', sections: meeting.sections }]);
      }
      const now = this.clock.now();
      await tx
        .createQueryBuilder()
        .insert()
        .into(ReviewMeetingOpinion)
        .values({ meetingId: meeting.id, section, position: req.position, opinion: req.opinion, givenBy: actor.username, givenAt: now })
        .orUpdate(['position', 'opinion', 'given_by', 'given_at'], ['meeting_id', 'section'])
        .execute();
      await this.tasks.record(tx, req.id, actor.username, 'meeting_opinion', `${section}：${MEETING_POSITION_TEXT[req.position]}。${req.opinion}`, now);
    });
    return this.tasks.detail(req.id);
  }

  async conclude(req: ConcludeMeetingRequest): Promise<TaskDetailView> {
    const actor = reviewer();
    await this.ds.transaction(async (tx) => {
      const meeting = await this.openMeeting(tx, req.id, req.meetingId, actor);
      const given = await tx.getRepository(ReviewMeetingOpinion).find({ where: { meetingId: meeting.id } });
      const missing = meeting.sections.filter((s) => !given.some((o) => o.section === s));
      if (missing.length) throw new AppError('INVALID_STATE', `no opinion yet from ${missing.join(', ')}`, missing.map((s) => ({ field: 'section', problem: 'no opinion', section: s })));
      const now = this.clock.now();
      await tx.update(ReviewMeeting, { id: meeting.id }, { conclusion: req.conclusion, concludedBy: actor.username, concludedAt: now });
      await this.tasks.record(tx, req.id, actor.username, 'meeting_concluded', `联审会议结论：${req.conclusion}`, now);
    });
    return this.tasks.detail(req.id);
  }

  /**
   * The sections come from admin's configuration of the department (科室, by name or code; recorded by name). A
   * department whose sections are not configured yet names them freely, as before; so does every department while
   * admin does not answer (a meeting is not held up by the console).
   */
  private async configuredSections(department: string, asked: string[]): Promise<string[]> {
    let configured: { code: string; name: string }[];
    try {
      configured = await this.rpc.request(Rpc.admin.sectionsOf, { department }, { timeoutMs: 2000 });
    } catch (err) {
      this.logger.warn(`sections of ${department} unknown, admin did not answer: ${(err as Error).message}`);
      return asked;
    }
    if (configured.length === 0) return asked;
    const names = asked.map((s) => configured.find((c) => c.name === s || c.code === s)?.name);
    const unknown = asked.filter((_, i) => names[i] === undefined);
    if (unknown.length) {
      const known = configured.map((c) => c.name).join('、');
      throw new AppError('VALIDATION_FAILED', `unknown sections ${unknown.join(', ')}`, unknown.map((s) => ({ field: 'sections', problem: `本部门没有“${s}”，可召集的科室：${known}`, section: s })));
    }
    return [...new Set(names as string[])];
  }

  /** A meeting of a task of the caller's department, locked, not concluded yet. */
  private async openMeeting(tx: EntityManager, taskId: string, meetingId: string, actor: Actor & { department: string }): Promise<ReviewMeeting> {
    await this.tasks.lockOwn(tx, taskId, actor);
    const meeting = await tx.getRepository(ReviewMeeting).findOne({ where: { id: meetingId, taskId }, lock: { mode: 'pessimistic_write' } });
    if (!meeting) throw AppError.notFound('meeting');
    if (meeting.concludedAt) throw new AppError('INVALID_STATE', 'the meeting is already concluded');
    return meeting;
  }
}
