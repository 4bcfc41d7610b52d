import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { CreateItemRequest, LoadCalendarYearRequest, RetireItemRequest, Rpc, SetCalendarDayRequest, UpdateItemRequest, ProviderHealthView } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { TokenStates } from '../http/auth.js';

class UpdateItemBody extends OmitType(UpdateItemRequest, ['code'] as const) {}
class RetireItemBody extends OmitType(RetireItemRequest, ['code'] as const) {}
class SetDayBody extends OmitType(SetCalendarDayRequest, ['date'] as const) {}

/** The admin console's catalogue: items change only by new catalogue versions. */
@ApiTags('admin (目录管理)')
@Controller('v1/admin')
@ApiBearerAuth()
export class AdminController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly states: TokenStates,
  ) {}

  @Post('accounts/:username/unlock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Unlock an account locked after too many failed logins (its failure count cleared)' })
  unlock(@Param('username') username: string) {
    return this.rpc.request(Rpc.admin.unlockAccount, { username });
  }

  @Post('accounts/:username/disable')
  @HttpCode(200)
  @ApiOperation({ summary: "Disable an account: it cannot log in, its refresh tokens are revoked and its access tokens refused (within the gateways' few seconds of cache)" })
  async disable(@Param('username') username: string) {
    const view = await this.rpc.request(Rpc.admin.disableAccount, { username });
    this.states.forget(username);
    return view;
  }

  @Post('accounts/:username/enable')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable a disabled account again (it logs in anew)' })
  enable(@Param('username') username: string) {
    return this.rpc.request(Rpc.admin.enableAccount, { username });
  }

  @Patch('catalog/items/:code')
  @ApiOperation({ summary: 'Change an approval item: a new catalogue version (cases keep the version they were accepted under)' })
  update(@Param('code') code: string, @Body() body: UpdateItemBody) {
    return this.rpc.request(Rpc.admin.updateItem, { code, ...body });
  }

  @Post('catalog/items')
  @ApiOperation({
    summary:
      'Create an approval item: a new catalogue version on effectiveFrom (default today; a later day waits for it: scheduled). 400 lists every problem; 409 when the code is taken',
  })
  create(@Body() body: CreateItemRequest) {
    return this.rpc.request(Rpc.admin.createItem, body);
  }

  @Post('catalog/items/:code/retire')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire an approval item (事项停用) on effectiveFrom: 409 with a Chinese message while applications of it are open; running cases keep their version' })
  retire(@Param('code') code: string, @Body() body: RetireItemBody) {
    return this.rpc.request(Rpc.admin.retireItem, { code, ...body });
  }

  @Get('catalog/changes')
  @ApiOperation({ summary: 'Catalogue changes dated in the future, waiting for their day' })
  scheduledChanges() {
    return this.rpc.request(Rpc.admin.scheduledCatalogChanges, {});
  }

  @Get('catalog/versions')
  versions() {
    return this.rpc.request(Rpc.admin.catalogVersions, {});
  }

  @Get('calendar')
  @ApiOperation({ summary: 'The working-day calendar: loaded years, holidays, make-up days, and a warning when the data runs out soon' })
  calendar() {
    return this.rpc.request(Rpc.admin.calendarOverview, {});
  }

  @Put('calendar/days/:date')
  @ApiOperation({ summary: 'Make a day a holiday, a make-up working day, or normal: a new calendar version, audited' })
  setDay(@Param('date') date: string, @Body() body: SetDayBody) {
    return this.rpc.request(Rpc.admin.setCalendarDay, { date, ...body });
  }

  @Post('calendar/years')
  @ApiOperation({
    summary:
      "Load a year's official arrangement (holidays, make-up working days): 409 if the year is loaded, 422 listing each day that contradicts the holiday law; every running deadline it moves is recomputed and the applicants told by SMS",
  })
  loadYear(@Body() body: LoadCalendarYearRequest) {
    return this.rpc.request(Rpc.admin.loadCalendarYear, body);
  }

  @Get('calendar/changes/:version/moved-deadlines')
  @ApiOperation({ summary: 'The running deadlines a calendar version moved: review tasks, Art. 32 windows of applications, complaint deadlines' })
  async moved(@Param('version', ParseIntPipe) version: number) {
    const [tasks, intake] = await Promise.all([this.rpc.request(Rpc.review.movedDeadlines, { version }), this.rpc.request(Rpc.intake.movedDeadlines, { version })]);
    return [...tasks, ...intake];
  }

  @Get('sms-providers')
  @ApiOperation({
    summary:
      "The message providers (SMS gateways in priority order, WeChat) as a notification instance sees them: up / cooling down / probing, failures in a row, latency, last error, counts by outcome, the provider's own connection state (SMPP: connected, bound, outstanding, reconnects)",
  })
  @ApiOkResponse({ type: [ProviderHealthView] })
  smsProviders(): Promise<ProviderHealthView[]> {
    return this.rpc.request(Rpc.notification.providers, {});
  }

  @Get('calendar/changes')
  @ApiOperation({ summary: 'The audit trail of the calendar: who changed which days, when, why' })
  changes() {
    return this.rpc.request(Rpc.admin.calendarChanges, {});
  }
}
