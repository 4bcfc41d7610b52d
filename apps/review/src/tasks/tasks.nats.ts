import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ClaimTaskRequest, DecideTaskRequest, ListTasksRequest, Rpc, TasksOfCaseRequest, TasksOfCasesRequest } from '@yichuang/contracts';
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
}
