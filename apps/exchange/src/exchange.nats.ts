import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ExchangeItemRequest, ProjectLookupRequest, ReconcileRequest, Rpc } from '@yichuang/contracts';
import { PushSupervision } from './push/supervision.js';
import { ProjectChecksService } from './project/project-checks.service.js';

@Controller()
export class ExchangeNats {
  constructor(
    private readonly exchange: PushSupervision,
    private readonly projects: ProjectChecksService,
  ) {}

  @MessagePattern(Rpc.exchange.backlog.subject)
  async backlog() {
    return { ...(await this.exchange.backlog()), projectChecks: await this.projects.unconfirmed() };
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
