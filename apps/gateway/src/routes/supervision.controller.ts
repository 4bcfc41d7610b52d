import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListAlarmsRequest, Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { Roles } from '../http/auth.js';
import { UuidParam } from '../http/pipes.js';

@ApiTags('supervision (电子监察)')
@Controller('v1/supervision')
export class SupervisionController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('alarms')
  @Roles('supervisor', 'clerk')
  @ApiOperation({ summary: 'Open alarms (Art. 32 deemed acceptance; task alarms come with the back office)' })
  alarms(@Query() q: ListAlarmsRequest) {
    return this.rpc.request(Rpc.intake.listAlarms, q);
  }

  @Post('alarms/:id/acknowledge')
  @Roles('supervisor', 'clerk')
  @HttpCode(200)
  acknowledge(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.intake.acknowledgeAlarm, { id });
  }

  @Post('sweep')
  @Roles('supervisor', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Run the time-limit checks now (they also run every minute)' })
  sweep() {
    return this.rpc.request(Rpc.intake.sweep, {});
  }
}
