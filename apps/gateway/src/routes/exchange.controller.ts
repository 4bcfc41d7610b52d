import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ReconcileRequest, Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { ExchangeItemParam } from '../http/pipes.js';

/** The exchange with the provincial platforms (apps/exchange) as the supervisor sees it. */
@ApiTags('provincial exchange (省级平台对接)')
@Controller('v1/supervision/exchange')
export class ExchangeController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'The records reported to the provincial 政务服务网 and 工程建设项目审批管理系统: per counterpart configured or not, pending, failing, refused, pushed; the records not pushed' })
  backlog() {
    return this.rpc.request(Rpc.exchange.backlog, {});
  }

  @Post('reconcile')
  @HttpCode(200)
  @ApiOperation({ summary: "Compare a day's pushed records with what the province holds; what it lacks is sent again at once, what it has that we never sent is listed" })
  reconcile(@Body() body: ReconcileRequest) {
    return this.rpc.request(Rpc.exchange.reconcile, body);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a refused (or backing-off) record to the province again now; 409 once pushed' })
  retry(@Param('id', ExchangeItemParam) id: string) {
    return this.rpc.request(Rpc.exchange.retry, { id });
  }
}
