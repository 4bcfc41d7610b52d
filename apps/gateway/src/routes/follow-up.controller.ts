import { Controller, Get, Logger, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ListCasesRequest, Rpc, type MessageProblemView } from '@yichuang/contracts';
import { RpcClient, requestContext } from '@yichuang/platform';

import { taskSummary } from './task-summary.js';

class FollowUpQuery extends ListCasesRequest {
  @ApiPropertyOptional({ enum: ['none', 'yellow', 'red'], description: 'only cases with a task at this alarm level' })
  @IsOptional()
  @IsIn(['none', 'yellow', 'red'])
  alarm?: 'none' | 'yellow' | 'red';

  @ApiPropertyOptional({ description: 'only cases with a task of this department' })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  department?: string;

  @ApiPropertyOptional({ enum: ['problem'], description: 'only cases with a message that did not reach the applicant (phone them instead)' })
  @IsOptional()
  @IsIn(['problem'])
  messages?: 'problem';
}

/** the most cases one question to notification names */
const PROBLEM_CHUNK = 500;

@ApiTags('follow-up (跟进办件)')
@Controller('v1/follow-up')
export class FollowUpController {
  private readonly logger = new Logger('FollowUpController');

  constructor(private readonly rpc: RpcClient) {}

  /**
   * The comprehensive window's list of its cases with each task's remaining working days and alarm, so the
   * clerk can chase the back office, and the case's messages that did not reach the applicant (`messageProblems`,
   * with a Chinese reason) so the clerk phones instead. A clerk sees the cases of its window unless it names
   * another; a supervisor sees all. While notification does not answer, `messageProblems` is left out (unknown),
   * and `?messages=problem` fails.
   */
  @Get()
  @ApiOperation({ summary: "The window's open cases with each task's remaining working days and alarm (filterable)" })
  async list(@Query() q: FollowUpQuery) {
    const actor = requestContext.actor();
    const windowNo = q.windowNo ?? (actor?.roles.includes('supervisor') ? undefined : actor?.window);
    const cases = await this.rpc.request(Rpc.intake.listCases, {
      ...(q.status ? { status: q.status } : {}),
      ...(windowNo ? { windowNo } : {}),
      ...(q.includeFinished ? { includeFinished: q.includeFinished } : {}),
    });
    const caseNos = cases.map((c) => c.caseNo);
    const [tasks, problems] = await Promise.all([this.rpc.request(Rpc.review.tasksOfCases, { caseNos }), this.messageProblems(caseNos, q.messages === 'problem')]);
    const problemsOf = new Map<string, MessageProblemView[]>();
    for (const p of problems ?? []) problemsOf.set(p.caseNo, [...(problemsOf.get(p.caseNo) ?? []), p]);
    const byCase = new Map<string, ReturnType<typeof taskSummary>[]>();
    for (const t of tasks) byCase.set(t.caseNo, [...(byCase.get(t.caseNo) ?? []), taskSummary(t)]);
    return cases
      .map((c) => {
        const ts = byCase.get(c.caseNo) ?? [];
        const worst = ts.some((t) => t.alarm === 'red') ? 'red' : ts.some((t) => t.alarm === 'yellow') ? 'yellow' : 'none';
        return { ...c, alarm: worst, tasks: ts, ...(problems ? { messageProblems: problemsOf.get(c.caseNo) ?? [] } : {}) };
      })
      .filter((c) => (q.alarm ? c.tasks.some((t) => t.alarm === q.alarm) : true))
      .filter((c) => (q.department ? c.tasks.some((t) => t.department === q.department) : true))
      .filter((c) => (q.messages === 'problem' ? (c.messageProblems?.length ?? 0) > 0 : true));
  }

  /** The cases' message problems, asked 500 cases at a time; null when notification does not answer (unless `required`). */
  private async messageProblems(caseNos: string[], required: boolean): Promise<MessageProblemView[] | null> {
    const chunks: string[][] = [];
    for (let i = 0; i < caseNos.length; i += PROBLEM_CHUNK) chunks.push(caseNos.slice(i, i + PROBLEM_CHUNK));
    try {
      return (await Promise.all(chunks.map((c) => this.rpc.request(Rpc.notification.problems, { caseNos: c })))).flat();
    } catch (err) {
      if (required) throw err;
      this.logger.warn(`follow-up list without message problems: ${(err as Error).message}`);
      return null;
    }
  }
}
