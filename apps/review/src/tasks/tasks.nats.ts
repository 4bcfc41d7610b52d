import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddOpinionRequest, AssignTaskRequest, ByIdRequest, ClaimTaskRequest, DecideTaskRequest, ListTasksRequest, Rpc, TasksOfCaseRequest, TasksOfCasesRequest } from '@yichuang/contracts';
import { TasksService } from './tasks.service.js';

@Controller()
export class TasksNats {
  constructor(private readonly tasks: TasksService) {}

  @MessagePattern(Rpc.review.listTasks.subject)
  list(@Payload() req: ListTasksRequest) {
    return this.tasks.list(req);
  }

  @MessagePattern(Rpc.review.tasksOfCase.subject)
  ofCase(@Payload() req: TasksOfCaseRequest) {
    return this.tasks.ofCase(req.caseNo);
  }

  @MessagePattern(Rpc.review.tasksOfCases.subject)
  ofCases(@Payload() req: TasksOfCasesRequest) {
    return this.tasks.ofCases(req.caseNos);
  }

  @MessagePattern(Rpc.review.claim.subject)
  claim(@Payload() req: ClaimTaskRequest) {
    return this.tasks.claim(req.id);
  }

  @MessagePattern(Rpc.review.decide.subject)
  decide(@Payload() req: DecideTaskRequest) {
    return this.tasks.decide(req);
  }

  @MessagePattern(Rpc.review.assign.subject)
  assign(@Payload() req: AssignTaskRequest) {
    return this.tasks.assign(req);
  }

  @MessagePattern(Rpc.review.addOpinion.subject)
  addOpinion(@Payload() req: AddOpinionRequest) {
    return this.tasks.addOpinion(req);
  }

  @MessagePattern(Rpc.review.detail.subject)
  detail(@Payload() req: ByIdRequest) {
    return this.tasks.detail(req.id);
  }

  @MessagePattern(Rpc.review.ledger.subject)
  ledger(@Payload() req: ByIdRequest) {
    return this.tasks.ledger(req.id);
  }
}
