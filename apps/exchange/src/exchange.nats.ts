import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ExchangeItemRequest, ProjectLookupRequest, ProvinceCallbackRequest, ReconcileRequest, Rpc } from '@yichuang/contracts';
import { PushSupervision } from './push/supervision.js';
import { ProjectChecksService } from './project/project-checks.service.js';
import { InboundService } from './inbound/inbound.service.js';

@Controller()
export class ExchangeNats {
  constructor(
    private readonly exchange: PushSupervision,
    private readonly projects: ProjectChecksService,
    private readonly inbound: InboundService,
  ) {}

  @MessagePattern(Rpc.exchange.backlog.subject)
  async backlog() {
    return { ...(await this.exchange.backlog()), projectChecks: await this.projects.unconfirmed(), inbound: await this.inbound.view() };
  }

  @MessagePattern(Rpc.exchange.provinceCallback.subject)
  provinceCallback(@Payload() req: ProvinceCallbackRequest) {
    return this.inbound.receive(req);
  }

  @MessagePattern(Rpc.exchange.lookupProject.subject)
  lookupProject(@Payload() req: ProjectLookupRequest) {
    return this.projects.lookup(req.code);
  }

  @MessagePattern(Rpc.exchange.retry.subject)
  retry(@Payload() req: ExchangeItemRequest) {
    return this.exchange.retry(req.id);
  }

  @MessagePattern(Rpc.exchange.reconcile.subject)
  reconcile(@Payload() req: ReconcileRequest) {
    return this.exchange.reconcile(req.date, req.counterpart);
  }
}
