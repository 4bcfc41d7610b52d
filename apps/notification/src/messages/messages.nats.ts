import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByCaseNoRequest, ByRefRequest, MessageProblemsRequest, ResolveMessageProblemRequest, Rpc } from '@yichuang/contracts';
import { MessagesService } from './messages.service.js';
import { MessageProblems } from './message-problems.js';

@Controller()
export class MessagesNats {
  constructor(
    private readonly messages: MessagesService,
    private readonly problems: MessageProblems,
  ) {}

  @MessagePattern(Rpc.notification.listByCase.subject)
  list(@Payload() req: ByCaseNoRequest) {
    return this.messages.listByCase(req.caseNo);
  }

  @MessagePattern(Rpc.notification.listByRef.subject)
  listByRef(@Payload() req: ByRefRequest) {
    return this.messages.listByRef(req.ref);
  }

  @MessagePattern(Rpc.notification.problems.subject)
  listProblems(@Payload() req: MessageProblemsRequest) {
    return this.problems.list(req);
  }

  @MessagePattern(Rpc.notification.resolveProblem.subject)
  resolveProblem(@Payload() req: ResolveMessageProblemRequest) {
    return this.problems.resolve(req);
  }
}
