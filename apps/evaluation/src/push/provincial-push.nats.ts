import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Rpc } from '@yichuang/contracts';
import { ProvincialPushService } from './provincial-push.service.js';

@Controller()
export class ProvincialPushNats {
  constructor(private readonly push: ProvincialPushService) {}

  @MessagePattern(Rpc.evaluation.pushBacklog.subject)
  backlog() {
    return this.push.backlog();
  }
}
