import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AddWorkingDaysRequest, DeadlineRequest, ListItemsRequest, Rpc, type Stage } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import { pdfFile } from '../http/pdf.js';

@ApiTags('catalogue and calendar')
@Controller('v1')
export class CatalogController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('catalog/items')
  @ApiOperation({ summary: 'Approval items of the catalogue (事项目录), optionally of one stage' })
  async items(@Query() q: ListItemsRequest) {
    const items = await this.rpc.request(Rpc.admin.listItems, q);
    // the contract knows two kinds: notify-and-commit items are decided on the spot, like instant ones
    return items.map((i) => ({ ...i, kind: i.kind === 'promised' ? 'promised' : 'instant', commitment: i.kind === 'notify_commit' }));
  }

  @Get('catalog/items/:code/guide.pdf')
  @ApiOperation({ summary: '办事指南 (PDF) of an item: materials with forms and originals, limits in working days, fees, legal basis, result, department, where to apply' })
  @ApiProduces('application/pdf')
  async itemGuide(@Param('code') code: string) {
    return pdfFile(await this.rpc.request(Rpc.admin.itemGuide, { code }));
  }

  @Get('catalog/stages/:stage/guide.pdf')
  @ApiOperation({ summary: "办事指南 (PDF) of a stage's items (1–4)" })
  @ApiProduces('application/pdf')
  async stageGuide(@Param('stage', ParseIntPipe) stage: number) {
    return pdfFile(await this.rpc.request(Rpc.admin.stageGuide, { stage: stage as Stage }));
  }

  @Get('calendar/add-working-days')
  @ApiOperation({ summary: 'The date N working days after a date; provisional: true when a counted day lies in a year whose holiday arrangement is not announced (computed from the holiday law)' })
  addWorkingDays(@Query() q: AddWorkingDaysRequest) {
    return this.rpc.request(Rpc.admin.addWorkingDays, q);
  }

  @Post('calendar/deadline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deadline of a working-day clock with pauses, with the day-by-day ledger; the answer and each day say whether they are provisional' })
  deadline(@Body() body: DeadlineRequest) {
    return this.rpc.request(Rpc.admin.deadline, body);
  }
}
