import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByIdRequest, Rpc } from '@yichuang/contracts';
import { ProvincialPushService } from './provincial-push.service.js';

@Controller()
export class ProvincialPushNats {
  constructor(private readonly push: ProvincialPushService) {}

  @MessagePattern(Rpc.evaluation.pushBacklog.subject)
  backlog() {
    return this.push.backlog();
  }

  @MessagePattern(Rpc.evaluation.pushRetry.subject)
  retry(@Payload() req: ByIdRequest) {
    return this.push.retry(req.id);
  }
}
