import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc, SubmitEvaluationRequest } from '@yichuang/contracts';
import { RatingsService } from './ratings.service.js';

@Controller()
export class RatingsNats {
  constructor(private readonly ratings: RatingsService) {}

  @MessagePattern(Rpc.evaluation.submit.subject)
  submit(@Payload() req: SubmitEvaluationRequest) {
    return this.ratings.submit(req);
  }
}
