import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditPage, ListAuditRequest, Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

/** The audit trail (安全审计): every state-changing request of every service, hash-chained, kept by admin. */
@ApiTags('audit (安全审计)')
@Controller('v1/audit')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary:
      'The audit trail, newest first: who (username, roles), from where (client address), what (the request subject), on which object, the outcome (ok or the error code), the correlation id and the time of every state-changing request, logins and failed logins included; filters from/to (days, China time), actor, action, objectId, outcome; limit and cursor (nextCursor) page',
  })
  @ApiOkResponse({ type: AuditPage })
  list(@Query() q: ListAuditRequest): Promise<AuditPage> {
    return this.rpc.request(Rpc.admin.listAudit, q);
  }
}
