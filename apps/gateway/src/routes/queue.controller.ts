import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, Res, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CallNextRequest, IssueTicketRequest, QueueStatsRequest, Rpc, TicketActionRequest, TransferTicketRequest, type QueueBoard } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';
import type { Response } from 'express';
import { distinctUntilChanged, exhaustMap, from, interval, map, startWith, catchError, EMPTY, shareReplay, type Observable } from 'rxjs';

/** how often the board is read while at least one display listens: a call shows within a second (issue 13) */
export const BOARD_POLL_MS = 250;

@ApiTags('queue (排队叫号)')
@Controller('v1/queue')
export class QueueController {
  /**
   * One reading of the board for every display of this gateway instance: polled every BOARD_POLL_MS while at least
   * one stream is open (refCount), each change sent to all of them, the latest to a display that joins.
   */
  private readonly boardFeed: Observable<string>;

  constructor(private readonly rpc: RpcClient) {
    this.boardFeed = interval(BOARD_POLL_MS).pipe(
      startWith(0),
      // a slow answer is not queued behind: the next reading starts after it
      exhaustMap(() => from(this.rpc.request(Rpc.intake.queueBoard, {}, { timeoutMs: 2000 })).pipe(catchError(() => EMPTY))),
      map((b: QueueBoard) => JSON.stringify(b)),
      distinctUntilChanged(),
      shareReplay({ bufferSize: 1, refCount: true }),
    );
  }

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

  /** Server-Sent Events for the display board: a `board` event whenever it changes (read every BOARD_POLL_MS). */
  @Sse('board/stream')
  @ApiOperation({ summary: 'Live display board (Server-Sent Events)' })
  stream(): Observable<MessageEvent> {
    return this.boardFeed.pipe(map((data) => ({ type: 'board', data })));
  }

  @Get('stats')
  @ApiOperation({ summary: 'Waiting and service times per category for a day' })
  stats(@Query() q: QueueStatsRequest) {
    return this.rpc.request(Rpc.intake.queueStats, q);
  }
}
