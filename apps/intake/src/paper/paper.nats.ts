import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByIdRequest, OutstandingPaperRequest, PaperHandoverRequest, PaperReturnRequest, Rpc } from '@yichuang/contracts';
import { PaperService } from './paper.service.js';

@Controller()
export class PaperNats {
  constructor(private readonly paper: PaperService) {}

  @MessagePattern(Rpc.intake.paperHandover.subject)
  handover(@Payload() req: PaperHandoverRequest) {
    return this.paper.handover(req.id, req.materialCodes, req.to, req.note);
  }

  @MessagePattern(Rpc.intake.paperReturn.subject)
  return(@Payload() req: PaperReturnRequest) {
    return this.paper.return(req.id, req.materialCodes, req.location);
  }

  @MessagePattern(Rpc.intake.paperOutstanding.subject)
  outstanding(@Payload() req: OutstandingPaperRequest) {
    return this.paper.outstanding(req.olderThanHours);
  }

  @MessagePattern(Rpc.intake.paperOfApplication.subject)
  ofApplication(@Payload() req: ByIdRequest) {
    return this.paper.ofApplication(req.id);
  }
}
