import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

/** 项目代码核验 at the window: the 投资项目在线审批监管平台's record of a project code (apps/exchange). */
@ApiTags('provincial exchange (省级平台对接)')
@Controller('v1/project-codes')
export class ProjectCodesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':code')
  @ApiOperation({
    summary:
      "The project registered under a 项目代码 at the 投资项目在线审批监管平台 (name, owner, location), to fill the application form. Never a refusal: `check` says found, unknown or unavailable, with the window's message in Chinese",
  })
  lookup(@Param('code') code: string) {
    // checked by the request's class (ProjectLookupRequest: the rule of an application's project code): 400 listing it
    return this.rpc.request(Rpc.exchange.lookupProject, { code });
  }
}
