import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateStaffAccountBody, ListStaffAccountsRequest, Rpc, UpdateStaffAccountBody } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { TokenStates } from '../http/auth.js';

/** 工作人员账号: the administrator's staff accounts (disable, enable and unlock are in AdminController). */
@ApiTags('admin (账号管理)')
@Controller('v1/admin/accounts')
@ApiBearerAuth()
export class StaffAccountsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly states: TokenStates,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The staff accounts, by username; filters: role, department, active' })
  list(@Query() q: ListStaffAccountsRequest) {
    return this.rpc.request(Rpc.admin.listAccounts, q);
  }

  @Get(':username')
  @ApiOperation({ summary: 'One staff account (404 when unknown)' })
  get(@Param('username') username: string) {
    return this.rpc.request(Rpc.admin.getAccount, { username });
  }

  @Post()
  @ApiOperation({
    summary:
      'Create a staff account: reviewers and heads need a department, window clerks a window (each must exist); the initial password (generated and answered once as temporaryPassword when not given) must be changed at the first login; 409 when the username exists',
  })
  create(@Body() body: CreateStaffAccountBody) {
    return this.rpc.request(Rpc.admin.createAccount, body);
  }

  @Put(':username')
  @ApiOperation({
    summary:
      "Edit an account (name, roles, department, window, phone) on the version read (409 CONFLICT when stale); a change of roles, department or window ends the account's logins; 409 when no active administrator would remain",
  })
  async update(@Param('username') username: string, @Body() body: UpdateStaffAccountBody) {
    const view = await this.rpc.request(Rpc.admin.updateAccount, { ...body, username });
    this.states.forget(username);
    return view;
  }

  @Post(':username/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reset the password: a generated temporary one, answered once, to be changed at the next login; the lock cleared and every login of the account ended' })
  async resetPassword(@Param('username') username: string) {
    const created = await this.rpc.request(Rpc.admin.resetPassword, { username });
    this.states.forget(username);
    return created;
  }
}
