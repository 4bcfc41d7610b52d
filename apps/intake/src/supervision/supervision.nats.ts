import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByIdRequest, ListAlarmsRequest, Rpc } from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';
import { SupervisionService } from './supervision.service.js';

@Controller()
export class SupervisionNats {
  constructor(private readonly supervision: SupervisionService) {}

  @MessagePattern(Rpc.intake.listAlarms.subject)
  list(@Payload() req: ListAlarmsRequest) {
    return this.supervision.list(req);
  }

  @MessagePattern(Rpc.intake.acknowledgeAlarm.subject)
  acknowledge(@Payload() req: ByIdRequest) {
    return this.supervision.acknowledge(req.id);
  }

  @MessagePattern(Rpc.intake.sweep.subject)
  async sweep() {
    requireActor('supervisor', 'admin');
    return { raised: await this.supervision.sweep() };
  }
}
