import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddCaseSupplementRequest, AppError, ByCaseNoRequest, EarlyDeliveryRequest, GetDocumentRequest, InquiryRequest, ListCasesRequest, Rpc } from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';
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

  /** A clerk or supervisor, or a reviewer of a department in the case (another's case does not exist for it: 404). */
  @MessagePattern(Rpc.intake.getCase.subject)
  async get(@Payload() req: ByCaseNoRequest) {
    const actor = requireActor('clerk', 'supervisor', 'reviewer');
    const c = await this.cases.get(req.caseNo);
    if (!actor.roles.some((r) => r === 'clerk' || r === 'supervisor') && !c.items.some((i) => i.departmentCode === actor.department)) throw AppError.notFound('case');
    return c;
  }

  /** 补正材料 (clerk) */
  @MessagePattern(Rpc.intake.addCaseSupplement.subject)
  supplement(@Payload() req: AddCaseSupplementRequest) {
    return this.cases.addSupplement(req);
  }
}
