import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddCaseSupplementRequest, ByCaseNoRequest, EarlyDeliveryRequest, GetDocumentRequest, InquiryRequest, ListCasesRequest, Rpc } from '@yichuang/contracts';
import { DocumentsService } from '../documents/documents.service.js';
import { CasesService } from './cases.service.js';

@Controller()
export class CasesNats {
  constructor(
    private readonly cases: CasesService,
    private readonly documents: DocumentsService,
  ) {}

  @MessagePattern(Rpc.intake.listCases.subject)
  list(@Payload() req: ListCasesRequest) {
    return this.cases.list(req);
  }

  @MessagePattern(Rpc.intake.earlyDelivery.subject)
  earlyDelivery(@Payload() req: EarlyDeliveryRequest) {
    return this.cases.earlyDelivery(req.caseNo, req.itemCode);
  }

  @MessagePattern(Rpc.intake.inquiry.subject)
  inquiry(@Payload() req: InquiryRequest) {
    return this.cases.inquiry(req.caseNo, req.phoneLast4);
  }

  @MessagePattern(Rpc.intake.caseDocuments.subject)
  caseDocuments(@Payload() req: ByCaseNoRequest) {
    return this.documents.ofCase(req.caseNo);
  }

  @MessagePattern(Rpc.intake.getDocument.subject)
  document(@Payload() req: GetDocumentRequest) {
    return this.documents.get(req);
  }

  /** Access is decided by the gateway (clerk, supervisor, or a reviewer of a department in the case). */
  @MessagePattern(Rpc.intake.getCase.subject)
  get(@Payload() req: ByCaseNoRequest) {
    return this.cases.get(req.caseNo);
  }

  /** 补正材料 (clerk) */
  @MessagePattern(Rpc.intake.addCaseSupplement.subject)
  supplement(@Payload() req: AddCaseSupplementRequest) {
    return this.cases.addSupplement(req);
  }
}
