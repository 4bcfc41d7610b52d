import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AcceptRequest, AddMaterialsRequest, ByIdRequest, CommitmentLetterRequest, OpenApplicationsRequest, PrecheckRequest, RejectRequest, Rpc, WindowReviewRequest } from '@yichuang/contracts';
import { ApplicationsService } from './applications.service.js';
import { CasesService } from '../cases/cases.service.js';
import { PrintCommitmentLetter } from '../documents/print-commitment-letter.js';

@Controller()
export class ApplicationsNats {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly cases: CasesService,
    private readonly commitmentLetter: PrintCommitmentLetter,
  ) {}

  @MessagePattern(Rpc.intake.commitmentLetter.subject)
  printCommitmentLetter(@Payload() req: CommitmentLetterRequest) {
    return this.commitmentLetter.execute(req);
  }

  /** validated by the use case itself, together with the catalogue checks (every problem in one answer) */
  @MessagePattern(Rpc.intake.createApplication.subject)
  create(@Payload() raw: unknown) {
    return this.applications.create(raw);
  }

  @MessagePattern(Rpc.intake.submitOnline.subject)
  submitOnline(@Payload() raw: unknown) {
    return this.applications.createOnline(raw);
  }

  @MessagePattern(Rpc.intake.getApplication.subject)
  get(@Payload() req: ByIdRequest) {
    return this.applications.get(req.id);
  }

  @MessagePattern(Rpc.intake.addMaterials.subject)
  addMaterials(@Payload() req: AddMaterialsRequest) {
    return this.applications.addMaterials(req);
  }

  @MessagePattern(Rpc.intake.precheck.subject)
  precheck(@Payload() req: PrecheckRequest) {
    return this.applications.precheck(req);
  }

  @MessagePattern(Rpc.intake.windowReview.subject)
  windowReview(@Payload() req: WindowReviewRequest) {
    return this.applications.windowReview(req);
  }

  /** admin asks before a catalogue change that would break running applications */
  @MessagePattern(Rpc.intake.openApplications.subject)
  openApplications(@Payload() req: OpenApplicationsRequest) {
    return this.applications.openApplications(req.itemCode);
  }

  @MessagePattern(Rpc.intake.accept.subject)
  accept(@Payload() req: AcceptRequest) {
    return this.cases.accept(req);
  }

  @MessagePattern(Rpc.intake.reject.subject)
  reject(@Payload() req: RejectRequest) {
    return this.applications.reject(req);
  }
}
