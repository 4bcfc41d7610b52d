import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByCaseNoRequest, Rpc } from '@yichuang/contracts';
import { CasesService } from './cases.service.js';

@Controller()
export class CasesNats {
  constructor(private readonly cases: CasesService) {}

  /** Access is decided by the gateway (clerk, supervisor, or a reviewer of a department in the case). */
  @MessagePattern(Rpc.intake.getCase.subject)
  get(@Payload() req: ByCaseNoRequest) {
    return this.cases.get(req.caseNo);
  }
}
