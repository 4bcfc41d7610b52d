import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiTags, OmitType } from '@nestjs/swagger';
import { pdfFile } from '../http/pdf.js';
import { AcceptRequest, AddMaterialsRequest, CommitmentLetterRequest, CreateApplicationRequest, PrecheckRequest, RejectRequest, Rpc } from '@yichuang/contracts';
import { requestContext, RpcClient } from '@yichuang/platform';
import { maskApplication, seesFullPersonalData } from '../http/masking.js';

import { UuidParam } from '../http/pipes.js';

class AddMaterialsBody extends OmitType(AddMaterialsRequest, ['id'] as const) {}
class PrecheckBody extends OmitType(PrecheckRequest, ['id'] as const) {}
class RejectBody extends OmitType(RejectRequest, ['id'] as const) {}
class AcceptBody extends OmitType(AcceptRequest, ['id'] as const) {}
class CommitmentLetterQuery extends OmitType(CommitmentLetterRequest, ['id'] as const) {}

@ApiTags('applications (申报 → 受理)')
@Controller('v1/applications')
export class ApplicationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({ summary: 'Create an application (honours Idempotency-Key); 400 lists every problem, catalogue checks included' })
  @ApiBody({ type: CreateApplicationRequest })
  create(@Body() body: unknown) {
    // validated by intake together with the catalogue checks, so the answer lists every problem at once
    return this.rpc.request(Rpc.intake.createApplication, body as CreateApplicationRequest);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The application with its electronic files (`files`); the window clerk who handles it sees the personal data, a supervisor sees it masked' })
  async get(@Param('id', UuidParam) id: string) {
    const [application, files] = await Promise.all([this.rpc.request(Rpc.intake.getApplication, { id }), this.rpc.request(Rpc.intake.listMaterialFiles, { applicationId: id })]);
    // minimum necessary (PIPL art. 6): supervising needs the file, not the applicant's full ID numbers and phones
    return { ...(seesFullPersonalData(requestContext.actor()) ? application : maskApplication(application)), files };
  }

  @Post(':id/materials')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add supplemented materials' })
  addMaterials(@Param('id', UuidParam) id: string, @Body() body: AddMaterialsBody) {
    return this.rpc.request(Rpc.intake.addMaterials, { id, ...body });
  }

  @Post(':id/precheck')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pre-check (初审): lists every problem at once' })
  precheck(@Param('id', UuidParam) id: string, @Body() body: PrecheckBody) {
    return this.rpc.request(Rpc.intake.precheck, { id, ...body });
  }

  @Get(':id/one-time-notice.pdf')
  @ApiOperation({ summary: '一次性告知书 (PDF) of the last incomplete pre-check' })
  @ApiProduces('application/pdf')
  async oneTimeNotice(@Param('id', UuidParam) id: string) {
    return pdfFile(await this.rpc.request(Rpc.intake.getDocument, { kind: 'one_time_notice', applicationId: id }));
  }

  @Get(':id/notifications')
  @ApiOperation({ summary: 'Messages sent about an application before it became a case (one-time notice SMS)' })
  notifications(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.notification.listByRef, { ref: id });
  }

  @Get(':id/commitment-letter.pdf')
  @ApiOperation({ summary: '告知承诺书 of a notify-and-commit item (the first, or ?itemCode=), printed for the applicant to sign before acceptance' })
  @ApiProduces('application/pdf')
  async commitmentLetter(@Param('id', UuidParam) id: string, @Query() q: CommitmentLetterQuery) {
    return pdfFile(await this.rpc.request(Rpc.intake.commitmentLetter, { id, ...(q.itemCode ? { itemCode: q.itemCode } : {}) }));
  }

  @Get(':id/rejection-decision.pdf')
  @ApiOperation({ summary: '不予受理决定书 (PDF)' })
  @ApiProduces('application/pdf')
  async rejectionDecision(@Param('id', UuidParam) id: string) {
    return pdfFile(await this.rpc.request(Rpc.intake.getDocument, { kind: 'rejection_decision', applicationId: id }));
  }

  @Post(':id/accept')
  @ApiOperation({
    summary:
      'Accept (受理): case number and one review task per department item; 409 MATERIALS_INCOMPLETE; notify-and-commit items need the signed commitment (`commitment`), decided on the spot with a follow-up check by the department',
  })
  accept(@Param('id', UuidParam) id: string, @Body() body: AcceptBody) {
    return this.rpc.request(Rpc.intake.accept, { id, ...(body?.commitment ? { commitment: body.commitment } : {}) });
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject (不予受理) with a reason and, where it is another agency’s matter, which one' })
  reject(@Param('id', UuidParam) id: string, @Body() body: RejectBody) {
    return this.rpc.request(Rpc.intake.reject, { id, ...body });
  }
}
