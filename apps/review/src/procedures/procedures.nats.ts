import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RequestCorrectionRequest, ResumeTaskRequest, Rpc, SuspendTaskRequest } from '@yichuang/contracts';
import { ProceduresService } from './procedures.service.js';

@Controller()
export class ProceduresNats {
  constructor(private readonly procedures: ProceduresService) {}

  @MessagePattern(Rpc.review.suspend.subject)
  suspend(@Payload() req: SuspendTaskRequest) {
    return this.procedures.suspend(req);
  }

  @MessagePattern(Rpc.review.resume.subject)
  resume(@Payload() req: ResumeTaskRequest) {
    return this.procedures.resume(req.id);
  }

  @MessagePattern(Rpc.review.requestCorrection.subject)
  requestCorrection(@Payload() req: RequestCorrectionRequest) {
    return this.procedures.requestCorrection(req);
  }
}
