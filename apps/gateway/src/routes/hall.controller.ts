import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import {
  CloseConsultationRequest,
  CreateConsultationRequest,
  ListConsultationsRequest,
  OnlineComplaintRequest,
  ReplyComplaintRequest,
  RouteComplaintRequest,
  OutstandingPaperRequest,
  PaperHandoverRequest,
  PaperReturnRequest,
  Rpc,
  WindowReviewRequest,
} from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

import { UuidParam } from '../http/pipes.js';

class HandoverBody extends OmitType(PaperHandoverRequest, ['id'] as const) {}
class ReturnBody extends OmitType(PaperReturnRequest, ['id'] as const) {}
class WindowReviewBody extends OmitType(WindowReviewRequest, ['id'] as const) {}
class CloseBody extends OmitType(CloseConsultationRequest, ['id'] as const) {}
class RouteBody extends OmitType(RouteComplaintRequest, ['id'] as const) {}
class ReplyBody extends OmitType(ReplyComplaintRequest, ['id'] as const) {}

/** The rest of the comprehensive window: paper custody, window review (审查), the consultation window. */
@ApiTags('hall: paper custody, window review, consultation')
@Controller('v1')
export class HallController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('applications/:id/window-review')
  @HttpCode(200)
  @ApiOperation({ summary: '审查: the department colleague at the window confirms the materials of its items' })
  windowReview(@Param('id', UuidParam) id: string, @Body() body: WindowReviewBody) {
    return this.rpc.request(Rpc.intake.windowReview, { id, ...body });
  }

  @Get('applications/:id/paper')
  @ApiOperation({ summary: 'Where each paper material of the application is, with its movements' })
  paper(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.intake.paperOfApplication, { id });
  }

  @Post('applications/:id/paper/handover')
  @HttpCode(200)
  @ApiOperation({ summary: 'Hand paper materials to a department reviewer inside the hall' })
  handover(@Param('id', UuidParam) id: string, @Body() body: HandoverBody) {
    return this.rpc.request(Rpc.intake.paperHandover, { id, ...body });
  }

  @Post('applications/:id/paper/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Paper materials come back into custody, with their location' })
  paperReturn(@Param('id', UuidParam) id: string, @Body() body: ReturnBody) {
    return this.rpc.request(Rpc.intake.paperReturn, { id, ...body });
  }

  @Get('paper/outstanding')
  @ApiOperation({ summary: 'Paper files handed over and not returned (paper must not leave the hall)' })
  outstanding(@Query() q: OutstandingPaperRequest) {
    return this.rpc.request(Rpc.intake.paperOutstanding, q);
  }

  @Post('consultations')
  @ApiOperation({ summary: 'Record a consultation or complaint (on site, phone, online); may issue a queue ticket' })
  consult(@Body() body: CreateConsultationRequest) {
    return this.rpc.request(Rpc.intake.createConsultation, body);
  }

  @Get('consultations')
  consultations(@Query() q: ListConsultationsRequest) {
    return this.rpc.request(Rpc.intake.listConsultations, q);
  }

  @Post('consultations/:id/close')
  @HttpCode(200)
  close(@Param('id', UuidParam) id: string, @Body() body: CloseBody) {
    return this.rpc.request(Rpc.intake.closeConsultation, { id, ...body });
  }

  @Post('consultations/:id/route')
  @HttpCode(200)
  @ApiOperation({ summary: '投诉: route a complaint to the responsible department (its heads and reviewers answer it)' })
  route(@Param('id', UuidParam) id: string, @Body() body: RouteBody) {
    return this.rpc.request(Rpc.intake.routeComplaint, { id, ...body });
  }

  @Post('consultations/:id/reply')
  @HttpCode(200)
  @ApiOperation({ summary: "投诉: the responsible department's reply (who, when, text); the complainant is told by SMS; 409 when already answered or closed" })
  reply(@Param('id', UuidParam) id: string, @Body() body: ReplyBody) {
    return this.rpc.request(Rpc.intake.replyComplaint, { id, ...body });
  }

  @Post('public/complaints')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({ summary: '投诉 online (public, no login; rate limited 429): answers the complaint id, its status and the day the hall must answer by' })
  async complainOnline(@Body() body: OnlineComplaintRequest) {
    const c = await this.rpc.request(Rpc.intake.submitComplaintOnline, body);
    return { id: c.id, status: c.status, ...(c.dueDate ? { dueDate: c.dueDate } : {}) };
  }
}
