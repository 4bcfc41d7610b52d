import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { Rpc, UpdateItemRequest } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { Roles } from '../http/auth.js';

class UpdateItemBody extends OmitType(UpdateItemRequest, ['code'] as const) {}

/** The admin console's catalogue: items change only by new catalogue versions. */
@ApiTags('admin (目录管理)')
@Controller('v1/admin')
@Roles('admin')
export class AdminController {
  constructor(private readonly rpc: RpcClient) {}

  @Patch('catalog/items/:code')
  @ApiOperation({ summary: 'Change an approval item: a new catalogue version (cases keep the version they were accepted under)' })
  update(@Param('code') code: string, @Body() body: UpdateItemBody) {
    return this.rpc.request(Rpc.admin.updateItem, { code, ...body });
  }

  @Get('catalog/versions')
  versions() {
    return this.rpc.request(Rpc.admin.catalogVersions, {});
  }
}
