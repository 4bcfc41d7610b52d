import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByIdRequest, ListAlarmsRequest, Rpc } from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';
import { AlarmsService } from './alarms.service.js';

@Controller()
export class AlarmsNats {
  constructor(private readonly alarms: AlarmsService) {}

  @MessagePattern(Rpc.review.listAlarms.subject)
  list(@Payload() req: ListAlarmsRequest) {
    return this.alarms.list(req);
  }

  @MessagePattern(Rpc.review.acknowledgeAlarm.subject)
  acknowledge(@Payload() req: ByIdRequest) {
    return this.alarms.acknowledge(req.id);
  }

  @MessagePattern(Rpc.review.sweepAlarms.subject)
  async sweep() {
    requireActor('supervisor', 'admin');
    return { raised: (await this.alarms.sweep()).raised };
  }
}
