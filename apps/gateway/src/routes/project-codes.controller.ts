import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError, Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

const PROJECT_CODE = /^\d{4}-\d{6}-\d{2}-\d{2}-[0-9A-Z]{6}$/;

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
    if (!PROJECT_CODE.test(code)) throw new AppError('VALIDATION_FAILED', 'code must be a project code', [{ field: 'code', problem: 'must be a project code like 2026-411523-48-01-000123' }]);
    return this.rpc.request(Rpc.exchange.lookupProject, { code });
  }
}
