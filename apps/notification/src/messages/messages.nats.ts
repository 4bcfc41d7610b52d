import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByCaseNoRequest, ByRefRequest, Rpc } from '@yichuang/contracts';
import { MessagesService } from './messages.service.js';

@Controller()
export class MessagesNats {
  constructor(private readonly messages: MessagesService) {}

  @MessagePattern(Rpc.notification.listByCase.subject)
  list(@Payload() req: ByCaseNoRequest) {
    return this.messages.listByCase(req.caseNo);
  }

  @MessagePattern(Rpc.notification.listByRef.subject)
  listByRef(@Payload() req: ByRefRequest) {
    return this.messages.listByRef(req.ref);
  }
}
