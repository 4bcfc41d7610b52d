import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { AppError, DecideTaskRequest, ListTasksRequest, Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { Roles } from '../http/auth.js';
import { UuidParam } from '../http/pipes.js';
import { taskSummary } from './cases.controller.js';

class DecideBody extends OmitType(DecideTaskRequest, ['id'] as const) {}

@ApiTags('review (审批)')
@Controller('v1')
export class ReviewController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('review/tasks')
  @Roles('reviewer')
  @ApiOperation({ summary: "Tasks of the caller's department only" })
  async list(@Query() q: ListTasksRequest) {
    return (await this.rpc.request(Rpc.review.listTasks, q)).map(taskSummary);
  }

  @Post('review/tasks/:id/claim')
  @Roles('reviewer')
  @HttpCode(200)
  async claim(@Param('id', UuidParam) id: string) {
    return taskSummary(await this.rpc.request(Rpc.review.claim, { id }));
  }

  @Post('review/tasks/:id/decide')
  @Roles('reviewer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Grant (准予许可) or refuse (不予许可); 409 on a task already decided' })
  async decide(@Param('id', UuidParam) id: string, @Body() body: DecideBody) {
    return taskSummary(await this.rpc.request(Rpc.review.decide, { id, ...body }));
  }

  @Post('review/tasks/:id/suspend')
  @Roles('reviewer')
  suspend() {
    throw new AppError('NOT_IMPLEMENTED', 'special procedures come with the back-office issue');
  }

  @Post('review/tasks/:id/resume')
  @Roles('reviewer')
  resume() {
    throw new AppError('NOT_IMPLEMENTED', 'special procedures come with the back-office issue');
  }

  @Post('review/tasks/:id/request-correction')
  @Roles('reviewer')
  requestCorrection() {
    throw new AppError('NOT_IMPLEMENTED', 'correction requests come with the back-office issue');
  }

}
