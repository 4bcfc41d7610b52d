import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByCaseNoRequest, Rpc, SubmitEvaluationRequest } from '@yichuang/contracts';
import { RatingsService } from './ratings.service.js';

@Controller()
export class RatingsNats {
  constructor(private readonly ratings: RatingsService) {}

  @MessagePattern(Rpc.evaluation.submit.subject)
  submit(@Payload() req: SubmitEvaluationRequest) {
    return this.ratings.submit(req);
  }

  @MessagePattern(Rpc.evaluation.listByCase.subject)
  listByCase(@Payload() req: ByCaseNoRequest) {
    return this.ratings.listByCase(req.caseNo);
  }
}
