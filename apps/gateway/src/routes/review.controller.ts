import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import {
  AddOpinionRequest,
  AssignTaskRequest,
  ConcludeMeetingRequest,
  ConveneMeetingRequest,
  DecideTaskRequest,
  ListTasksRequest,
  RequestCorrectionRequest,
  Rpc,
  SectionOpinionRequest,
  SuspendTaskRequest,
  VerifyCommitmentRequest,
  type TaskView,
} from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

import { UuidParam } from '../http/pipes.js';
import { taskSummary } from './task-summary.js';

/** A task as the reviewers see it: the summary plus the decision's opinion (a refusal keeps its reasons). */
function reviewSummary(t: TaskView) {
  return { ...taskSummary(t), ...(t.opinion ? { opinion: t.opinion } : {}), ...(t.refusalReason ? { refusalReason: t.refusalReason } : {}), ...(t.rightsNotice ? { rightsNotice: t.rightsNotice } : {}) };
}

class DecideBody extends OmitType(DecideTaskRequest, ['id'] as const) {}
class VerifyBody extends OmitType(VerifyCommitmentRequest, ['id'] as const) {}
class SuspendBody extends OmitType(SuspendTaskRequest, ['id'] as const) {}
class RequestCorrectionBody extends OmitType(RequestCorrectionRequest, ['id'] as const) {}
class AssignBody extends OmitType(AssignTaskRequest, ['id'] as const) {}
class AddOpinionBody extends OmitType(AddOpinionRequest, ['id'] as const) {}
class ConveneMeetingBody extends OmitType(ConveneMeetingRequest, ['id'] as const) {}
class SectionOpinionBody extends OmitType(SectionOpinionRequest, ['id', 'meetingId'] as const) {}
class ConcludeMeetingBody extends OmitType(ConcludeMeetingRequest, ['id', 'meetingId'] as const) {}

@ApiTags('review (审批)')
@Controller('v1')
export class ReviewController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('review/tasks')
  @ApiOperation({ summary: "Tasks of the caller's department only" })
  async list(@Query() q: ListTasksRequest) {
    return (await this.rpc.request(Rpc.review.listTasks, q)).map(reviewSummary);
  }

  @Post('review/tasks/:id/claim')
  @HttpCode(200)
  async claim(@Param('id', UuidParam) id: string) {
    return reviewSummary(await this.rpc.request(Rpc.review.claim, { id }));
  }

  @Post('review/tasks/:id/decide')
  @HttpCode(200)
  @ApiOperation({ summary: 'Grant (准予许可) or refuse (不予许可); 409 on a task already decided' })
  async decide(@Param('id', UuidParam) id: string, @Body() body: DecideBody) {
    return reviewSummary(await this.rpc.request(Rpc.review.decide, { id, ...body }));
  }

  @Post('review/tasks/:id/verify-commitment')
  @HttpCode(200)
  @ApiOperation({
    summary: '告知承诺制 事后核查: the commitment was true (consistent) or false (false_commitment: the approval is revoked and the applicant told); 409 on a review task or one concluded',
  })
  async verifyCommitment(@Param('id', UuidParam) id: string, @Body() body: VerifyBody) {
    return reviewSummary(await this.rpc.request(Rpc.review.verifyCommitment, { id, ...body }));
  }

  @Post('review/tasks/:id/suspend')
  @HttpCode(200)
  @ApiOperation({ summary: '特殊程序 (联合踏勘, 部门会商, 专家评审, 公示, 听证, 检验检测): the clock stops; the applicant is told' })
  async suspend(@Param('id', UuidParam) id: string, @Body() body: SuspendBody) {
    return reviewSummary(await this.rpc.request(Rpc.review.suspend, { id, ...body }));
  }

  @Post('review/tasks/:id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'The clock runs again; the suspended working days are not counted (answers the new dueDate)' })
  async resume(@Param('id', UuidParam) id: string) {
    return reviewSummary(await this.rpc.request(Rpc.review.resume, { id }));
  }

  @Post('review/tasks/:id/request-correction')
  @HttpCode(200)
  @ApiOperation({ summary: '补齐补正: every item at once; the applicant is told; the clock waits for the supplement' })
  async requestCorrection(@Param('id', UuidParam) id: string, @Body() body: RequestCorrectionBody) {
    return reviewSummary(await this.rpc.request(Rpc.review.requestCorrection, { id, ...body }));
  }

  @Post('review/tasks/:id/assign')
  @HttpCode(200)
  @ApiOperation({ summary: "The department head assigns (or reassigns) a pending or claimed task of the department" })
  async assign(@Param('id', UuidParam) id: string, @Body() body: AssignBody) {
    return reviewSummary(await this.rpc.request(Rpc.review.assign, { id, ...body }));
  }

  @Post('review/tasks/:id/opinions')
  @HttpCode(200)
  @ApiOperation({ summary: "A reviewer's opinion on the task, recorded step by step; answers the task detail" })
  async addOpinion(@Param('id', UuidParam) id: string, @Body() body: AddOpinionBody) {
    return this.rpc.request(Rpc.review.addOpinion, { id, ...body });
  }

  @Get('review/tasks/:id')
  @ApiOperation({ summary: "The task's record: pauses, steps, joint review meetings, corrections" })
  async detail(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.review.detail, { id });
  }

  @Get('review/tasks/:id/ledger')
  @ApiOperation({ summary: "The task's clock day by day (counted, rest_day, holiday, paused); elapsed and remaining working days" })
  async ledger(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.review.ledger, { id });
  }

  @Post('review/tasks/:id/meetings')
  @HttpCode(201)
  @ApiOperation({ summary: '联审会议: convene sections on the task; answers the task detail' })
  async conveneMeeting(@Param('id', UuidParam) id: string, @Body() body: ConveneMeetingBody) {
    return this.rpc.request(Rpc.review.conveneMeeting, { id, ...body });
  }

  @Post('review/tasks/:id/meetings/:meetingId/opinions')
  @HttpCode(200)
  @ApiOperation({ summary: "A section's opinion in the meeting (agree, disagree, conditional)" })
  async sectionOpinion(@Param('id', UuidParam) id: string, @Param('meetingId', UuidParam) meetingId: string, @Body() body: SectionOpinionBody) {
    return this.rpc.request(Rpc.review.sectionOpinion, { id, meetingId, ...body });
  }

  @Post('review/tasks/:id/meetings/:meetingId/conclude')
  @HttpCode(200)
  @ApiOperation({ summary: "The meeting's conclusion, once every section has given its opinion" })
  async concludeMeeting(@Param('id', UuidParam) id: string, @Param('meetingId', UuidParam) meetingId: string, @Body() body: ConcludeMeetingBody) {
    return this.rpc.request(Rpc.review.concludeMeeting, { id, meetingId, ...body });
  }
}
