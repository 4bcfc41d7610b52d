import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CallNextRequest, IssueTicketRequest, QueueStatsRequest, Rpc, TicketActionRequest, TransferTicketRequest, WaitingTicketsRequest } from '@yichuang/contracts';
import { QueueService } from './queue.service.js';

@Controller()
export class QueueNats {
  constructor(private readonly queue: QueueService) {}

  @MessagePattern(Rpc.intake.issueTicket.subject)
  issue(@Payload() req: IssueTicketRequest) {
    return this.queue.issue(req);
  }

  @MessagePattern(Rpc.intake.callNext.subject)
  async callNext(@Payload() req: CallNextRequest) {
    return { ticket: await this.queue.callNext(req.windowNo) };
  }

  @MessagePattern(Rpc.intake.recall.subject)
  recall(@Payload() req: TicketActionRequest) {
    return this.queue.recall(req.ticketNo);
  }

  @MessagePattern(Rpc.intake.noShow.subject)
  noShow(@Payload() req: TicketActionRequest) {
    return this.queue.noShow(req.ticketNo);
  }

  @MessagePattern(Rpc.intake.transferTicket.subject)
  transfer(@Payload() req: TransferTicketRequest) {
    return this.queue.transfer(req);
  }

  @MessagePattern(Rpc.intake.queueBoard.subject)
  board() {
    return this.queue.board();
  }

  /** Internal (admin, before retiring a window or dropping a category): no HTTP route. */
  @MessagePattern(Rpc.intake.waitingTickets.subject)
  waiting(@Payload() req: WaitingTicketsRequest) {
    return this.queue.waiting(req);
  }

  @MessagePattern(Rpc.intake.queueStats.subject)
  stats(@Payload() req: QueueStatsRequest) {
    return this.queue.stats(req.day);
  }
}
