import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import {
  EvaluationStatsRequest,
  IssueRatingLinkRequest,
  PadCredentialView,
  ListRectificationsRequest,
  RateByLinkRequest,
  RatePadRequest,
  RateServiceEventRequest,
  RectificationActionRequest,
  RegisterPadRequest,
  Rpc,
} from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { CaseNoParam, RatingTokenParam, UuidParam } from '../http/pipes.js';

class PadRatingBody extends OmitType(RatePadRequest, ['deviceSecret'] as const) {}
class RectificationActionBody extends OmitType(RectificationActionRequest, ['id'] as const) {}

/** 好差评 per service event (一次一评) on every channel, the rectification of bad reviews, and their statistics. */
@ApiTags('evaluation (好差评)')
@Controller('v1')
export class EvaluationController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('cases/:caseNo/service-events')
  @ApiOperation({ summary: "The case's rateable service events (受理, each 审批, 领证), each with its rating if any" })
  serviceEvents(@Param('caseNo', CaseNoParam) caseNo: string) {
    return this.rpc.request(Rpc.evaluation.serviceEventsOfCase, { caseNo });
  }

  @Post('evaluations/paper')
  @ApiOperation({ summary: 'Enter a paper score sheet (纸质评价表) for one service event; 409 ALREADY_RATED, 409 for an event that has not happened' })
  paper(@Body() body: RateServiceEventRequest) {
    return this.rpc.request(Rpc.evaluation.rateServiceEvent, body);
  }

  @Post('evaluation-pads')
  @ApiOperation({ summary: "Register (or replace) a window's evaluator pad: the device secret is shown once" })
  @ApiCreatedResponse({ type: PadCredentialView })
  registerPad(@Body() body: RegisterPadRequest): Promise<PadCredentialView> {
    return this.rpc.request(Rpc.evaluation.registerPad, body);
  }

  @Post('evaluations/pad')
  @HttpCode(201)
  @ApiHeader({ name: 'X-Device-Secret', description: "the pad's device secret", required: true })
  @ApiOperation({ summary: "The window's pad rates the window's current service (no login: the device secret)" })
  pad(@Body() body: PadRatingBody, @Headers('x-device-secret') secret: string | undefined) {
    return this.rpc.request(Rpc.evaluation.ratePad, { ...body, deviceSecret: secret ?? '' });
  }

  @Post('evaluation-links')
  @ApiOperation({ summary: 'Issue a one-time rating link for a service event (completion SMS) or for a window’s current service (QR)' })
  issueLink(@Body() body: IssueRatingLinkRequest) {
    return this.rpc.request(Rpc.evaluation.issueLink, body);
  }

  @Get('evaluations/link/:token')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  @ApiOperation({ summary: 'What a rating link rates (no login): its services, each rated or not, and whether it still works (open, used, expired)' })
  linkInfo(@Param('token', RatingTokenParam) token: string) {
    return this.rpc.request(Rpc.evaluation.linkInfo, { token });
  }

  @Post('evaluations/link')
  @ApiOperation({ summary: 'Rate through a one-time link or QR (no login); 410 GONE once used or expired' })
  byLink(@Body() body: RateByLinkRequest) {
    return this.rpc.request(Rpc.evaluation.rateByLink, body);
  }

  @Get('evaluations/stats')
  @ApiOperation({ summary: 'Satisfaction, bad-review and rectification on-time rates by window, staff, department, item or month' })
  stats(@Query() q: EvaluationStatsRequest) {
    return this.rpc.request(Rpc.evaluation.stats, q);
  }

  @Post('evaluations/sweep')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the periodic job now: the default for unrated events, rectification alarms' })
  sweep() {
    return this.rpc.request(Rpc.evaluation.sweep, {});
  }

  @Get('rectifications')
  @ApiOperation({ summary: 'Bad reviews and their rectification (差评整改), newest first' })
  rectifications(@Query() q: ListRectificationsRequest) {
    return this.rpc.request(Rpc.evaluation.listRectifications, q);
  }

  @Post('rectifications/:id/actions')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call back, record the result, declare invalid, appeal (申诉复核) or decide an appeal' })
  act(@Param('id', UuidParam) id: string, @Body() body: RectificationActionBody) {
    return this.rpc.request(Rpc.evaluation.actOnRectification, { ...body, id });
  }
}
