import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import {
  CloseConsultationRequest,
  CreateConsultationRequest,
  ListConsultationsRequest,
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
}
