import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ByCaseNoRequest, EmsWebhookRequest, MailCaseRequest, Rpc } from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';
import { ReceiveWebhook } from './receive-webhook.js';
import { RequestMailing } from './request-mailing.js';
import { ShipmentsRepository } from './shipments.repository.js';

/** 免费寄递 over NATS. */
@Controller()
export class MailingNats {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly requestMailing: RequestMailing,
    private readonly webhook: ReceiveWebhook,
    private readonly shipments: ShipmentsRepository,
  ) {}

  @MessagePattern(Rpc.certificate.mail.subject)
  mail(@Payload() req: MailCaseRequest) {
    return this.requestMailing.execute(req);
  }

  @MessagePattern(Rpc.certificate.listShipments.subject)
  list(@Payload() req: ByCaseNoRequest) {
    requireActor('clerk', 'supervisor');
    return this.shipments.views(this.ds.manager, req.caseNo);
  }

  /** The post's signed tracking callback, as the gateway received it (no acting user: the signature is the check). */
  @MessagePattern(Rpc.certificate.emsWebhook.subject)
  receive(@Payload() req: EmsWebhookRequest) {
    return this.webhook.execute(req);
  }
}
