import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Res, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CallNextRequest, IssueTicketRequest, QueueStatsRequest, Rpc, TicketActionRequest, TransferTicketRequest, type QueueBoard } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import type { Response } from 'express';
import { distinctUntilChanged, from, interval, map, startWith, switchMap, catchError, EMPTY, type Observable } from 'rxjs';

@ApiTags('queue (排队叫号)')
@Controller('v1/queue')
export class QueueController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('tickets')
  @ApiOperation({ summary: 'Take a ticket (ticket machine); optional phone for an SMS when the turn is near; priority tickets' })
  ticket(@Body() body: IssueTicketRequest) {
    return this.rpc.request(Rpc.intake.issueTicket, body);
  }

  @Post('call-next')
  @ApiOperation({ summary: "Finish the window's current ticket and call the next of its categories; 204 when nobody waits" })
  async callNext(@Body() body: CallNextRequest, @Res({ passthrough: true }) res: Response) {
    const { ticket: called } = await this.rpc.request(Rpc.intake.callNext, body);
    if (!called) {
      res.status(HttpStatus.NO_CONTENT);
      return undefined;
    }
    res.status(HttpStatus.OK);
    return called;
  }

  @Post('recall')
  @HttpCode(200)
  @ApiOperation({ summary: 'Call the ticket again; a no-show after the configured number of calls' })
  recall(@Body() body: TicketActionRequest) {
    return this.rpc.request(Rpc.intake.recall, body);
  }

  @Post('no-show')
  @HttpCode(200)
  noShow(@Body() body: TicketActionRequest) {
    return this.rpc.request(Rpc.intake.noShow, body);
  }

  @Post('transfer')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a ticket to another category or window' })
  transfer(@Body() body: TransferTicketRequest) {
    return this.rpc.request(Rpc.intake.transferTicket, body);
  }

  @Get('board')
  @ApiOperation({ summary: 'The display board: tickets being called, people waiting per category' })
  board() {
    return this.rpc.request(Rpc.intake.queueBoard, {});
  }

  /** Server-Sent Events for the display board: a `board` event whenever it changes. */
  @Sse('board/stream')
  @ApiOperation({ summary: 'Live display board (Server-Sent Events)' })
  stream(): Observable<MessageEvent> {
    return interval(1000).pipe(
      startWith(0),
      switchMap(() => from(this.rpc.request(Rpc.intake.queueBoard, {}, { timeoutMs: 2000 })).pipe(catchError(() => EMPTY))),
      map((b: QueueBoard) => JSON.stringify(b)),
      distinctUntilChanged(),
      map((data) => ({ type: 'board', data })),
    );
  }

  @Get('stats')
  @ApiOperation({ summary: 'Waiting and service times per category for a day' })
  stats(@Query() q: QueueStatsRequest) {
    return this.rpc.request(Rpc.intake.queueStats, q);
  }
}
