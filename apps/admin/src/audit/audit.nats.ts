import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ListAuditRequest, Rpc, type AuditPage } from '@yichuang/contracts';
import { AuditService } from './audit.service.js';

@Controller()
export class AuditNats {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail, newest first (supervisor, administrator). */
  @MessagePattern(Rpc.admin.listAudit.subject)
  list(@Payload() req: ListAuditRequest): Promise<AuditPage> {
    return this.audit.list(req);
  }
}
