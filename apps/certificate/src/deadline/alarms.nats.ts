import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, ByIdRequest, ListAlarmsRequest, Rpc } from '@yichuang/contracts';
import { Clock, requireActor } from '@yichuang/platform';
import { DeliveryAlarmsRepository } from './delivery-alarms.repository.js';
import { DeliverySweep } from './delivery-sweep.js';

/** The delivery's alarms for supervision (电子监察) and the window. */
@Controller()
export class DeliveryAlarmsNats {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly alarms: DeliveryAlarmsRepository,
    private readonly sweep: DeliverySweep,
    private readonly clock: Clock,
  ) {}

  @MessagePattern(Rpc.certificate.listAlarms.subject)
  list(@Payload() req: ListAlarmsRequest) {
    requireActor('supervisor', 'clerk', 'admin');
    return this.alarms.list(this.ds.manager, req.level, req.includeAcknowledged === 'true');
  }

  /** 签收: it leaves the open list. Again by the same user: unchanged; by another: CONFLICT. */
  @MessagePattern(Rpc.certificate.acknowledgeAlarm.subject)
  async acknowledge(@Payload() req: ByIdRequest) {
    const actor = requireActor('supervisor', 'clerk');
    const r = await this.alarms.acknowledge(this.ds.manager, req.id, actor.username, this.clock.now());
    if (!r) throw AppError.notFound('alarm');
    if (!r.now && r.by !== actor.username) throw new AppError('CONFLICT', `already acknowledged by ${r.by ?? 'someone'}`);
    return r.alarm;
  }

  @MessagePattern(Rpc.certificate.sweepAlarms.subject)
  run() {
    requireActor('supervisor', 'admin');
    return this.sweep.run();
  }
}
