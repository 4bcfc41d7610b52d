import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ListCasesRequest, Rpc } from '@yichuang/contracts';
import { RpcClient, requestContext } from '@yichuang/platform';
import { Roles } from '../http/auth.js';
import { taskSummary } from './cases.controller.js';

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
}

@ApiTags('follow-up (跟进办件)')
@Controller('v1/follow-up')
export class FollowUpController {
  constructor(private readonly rpc: RpcClient) {}

  /**
   * The comprehensive window's list of its cases with each task's remaining working days and alarm, so the
   * clerk can chase the back office. A clerk sees the cases of its window unless it names another; a
   * supervisor sees all.
   */
  @Get()
  @Roles('clerk', 'supervisor')
  @ApiOperation({ summary: "The window's open cases with each task's remaining working days and alarm (filterable)" })
  async list(@Query() q: FollowUpQuery) {
    const actor = requestContext.actor();
    const windowNo = q.windowNo ?? (actor?.roles.includes('supervisor') ? undefined : actor?.window);
    const cases = await this.rpc.request(Rpc.intake.listCases, {
      ...(q.status ? { status: q.status } : {}),
      ...(windowNo ? { windowNo } : {}),
      ...(q.includeFinished ? { includeFinished: q.includeFinished } : {}),
    });
    const tasks = await this.rpc.request(Rpc.review.tasksOfCases, { caseNos: cases.map((c) => c.caseNo) });
    const byCase = new Map<string, ReturnType<typeof taskSummary>[]>();
    for (const t of tasks) byCase.set(t.caseNo, [...(byCase.get(t.caseNo) ?? []), taskSummary(t)]);
    return cases
      .map((c) => {
        const ts = byCase.get(c.caseNo) ?? [];
        const worst = ts.some((t) => t.alarm === 'red') ? 'red' : ts.some((t) => t.alarm === 'yellow') ? 'yellow' : 'none';
        return { ...c, alarm: worst, tasks: ts };
      })
      .filter((c) => (q.alarm ? c.tasks.some((t) => t.alarm === q.alarm) : true))
      .filter((c) => (q.department ? c.tasks.some((t) => t.department === q.department) : true));
  }
}
