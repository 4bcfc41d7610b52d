import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ExchangeItemRequest, ReconcileRequest, Rpc } from '@yichuang/contracts';
import { ExchangeService } from './push/exchange.service.js';

@Controller()
export class ExchangeNats {
  constructor(private readonly exchange: ExchangeService) {}

  @MessagePattern(Rpc.exchange.backlog.subject)
  backlog() {
    return this.exchange.backlog();
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
