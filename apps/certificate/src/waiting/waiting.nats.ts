import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListWaitingRequest, Rpc } from '@yichuang/contracts';
import { ListWaiting } from './list-waiting.js';

@Controller()
export class WaitingNats {
  constructor(private readonly list: ListWaiting) {}

  @MessagePattern(Rpc.certificate.listWaiting.subject)
  waiting(@Payload() req: ListWaitingRequest) {
    return this.list.execute(req);
  }
}
