import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ByCaseNoRequest,
  EvaluationStatsRequest,
  IssueRatingLinkRequest,
  ListRectificationsRequest,
  RateByLinkRequest,
  RatingLinkRequest,
  RatePadRequest,
  ProvinceRatingRequest,
  RateServiceEventRequest,
  RectificationActionRequest,
  RegisterPadRequest,
  Rpc,
  SmsReplyRequest,
  SubmitEvaluationRequest,
} from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';
import { EvaluationJobs } from '../rectification/evaluation-jobs.js';
import { RectificationService } from '../rectification/rectification.service.js';
import { RatingsService } from './ratings.service.js';
import { ServiceEventsService } from './service-events.service.js';
import { RatingLinksService } from './rating-links.service.js';

@Controller()
export class RatingsNats {
  constructor(
    private readonly ratings: RatingsService,
    private readonly events: ServiceEventsService,
    private readonly links: RatingLinksService,
    private readonly rectifications: RectificationService,
    private readonly jobs: EvaluationJobs,
  ) {}

  @MessagePattern(Rpc.evaluation.submit.subject)
  submit(@Payload() req: SubmitEvaluationRequest) {
    return this.ratings.submit(req);
  }

  @MessagePattern(Rpc.evaluation.listByCase.subject)
  listByCase(@Payload() req: ByCaseNoRequest) {
    return this.ratings.listByCase(req.caseNo);
  }

  @MessagePattern(Rpc.evaluation.serviceEventsOfCase.subject)
  serviceEventsOfCase(@Payload() req: ByCaseNoRequest) {
    return this.events.ofCase(req.caseNo);
  }

  @MessagePattern(Rpc.evaluation.rateServiceEvent.subject)
  rateServiceEvent(@Payload() req: RateServiceEventRequest) {
    return this.events.ratePaper(req);
  }

  @MessagePattern(Rpc.evaluation.registerPad.subject)
  registerPad(@Payload() req: RegisterPadRequest) {
    return this.events.registerPad(req);
  }

  @MessagePattern(Rpc.evaluation.ratePad.subject)
  ratePad(@Payload() req: RatePadRequest) {
    return this.events.ratePad(req);
  }

  @MessagePattern(Rpc.evaluation.issueLink.subject)
  issueLink(@Payload() req: IssueRatingLinkRequest) {
    return this.links.issue(req);
  }

  @MessagePattern(Rpc.evaluation.linkInfo.subject)
  linkInfo(@Payload() req: RatingLinkRequest) {
    return this.links.info(req);
  }

  @MessagePattern(Rpc.evaluation.rateByLink.subject)
  rateByLink(@Payload() req: RateByLinkRequest) {
    return this.links.rate(req);
  }

  @MessagePattern(Rpc.evaluation.rateFromProvince.subject)
  rateFromProvince(@Payload() req: ProvinceRatingRequest) {
    return this.events.rateFromProvince(req);
  }

  @MessagePattern(Rpc.evaluation.smsReply.subject)
  smsReply(@Payload() req: SmsReplyRequest) {
    return this.events.smsReply(req);
  }

  @MessagePattern(Rpc.evaluation.listRectifications.subject)
  listRectifications(@Payload() req: ListRectificationsRequest) {
    return this.rectifications.list(req);
  }

  @MessagePattern(Rpc.evaluation.actOnRectification.subject)
  actOnRectification(@Payload() req: RectificationActionRequest) {
    return this.rectifications.act(req);
  }

  @MessagePattern(Rpc.evaluation.stats.subject)
  stats(@Payload() req: EvaluationStatsRequest) {
    return this.rectifications.stats(req);
  }

  @MessagePattern(Rpc.evaluation.sweep.subject)
  sweep() {
    requireActor('supervisor', 'admin');
    return this.jobs.sweep();
  }
}
