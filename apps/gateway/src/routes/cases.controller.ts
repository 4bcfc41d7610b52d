import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ApiOperation, ApiProduces, ApiTags, OmitType, PickType } from '@nestjs/swagger';
import { pdfFile } from '../http/pdf.js';
import { AddCaseSupplementRequest, AppError, EarlyDeliveryRequest, GetDocumentRequest, InquiryRequest, Rpc, WechatBindBody, WechatOpenIdBody } from '@yichuang/contracts';
import { DOCUMENT_KINDS, type DocumentKind } from '@yichuang/domain';
import { maskApplicant } from '../http/masking.js';
import { RpcClient, requestContext } from '@yichuang/platform';

import { CaseNoParam } from '../http/pipes.js';
import { taskSummary } from './task-summary.js';

class EarlyDeliveryBody extends OmitType(EarlyDeliveryRequest, ['caseNo'] as const) {}

class CaseDocumentQuery extends PickType(GetDocumentRequest, ['documentNo'] as const) {}

function isDocumentKind(kind: string): kind is DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(kind);
}

class CaseSupplementBody extends OmitType(AddCaseSupplementRequest, ['caseNo'] as const) {}

@ApiTags('cases (办件)')
@Controller('v1')
export class CasesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('cases/:caseNo')
  @ApiOperation({ summary: "A case with its tasks, certificates and timeline (applicant masked); for the window also its messages that did not reach the applicant (messageProblems)" })
  async get(@Param('caseNo', CaseNoParam) caseNo: string) {
    const actor = requestContext.actor();
    const isStaff = actor?.roles.some((r) => r === 'clerk' || r === 'supervisor');
    const [c, tasks, certificates, messageProblems] = await Promise.all([
      this.rpc.request(Rpc.intake.getCase, { caseNo }),
      this.rpc.request(Rpc.review.tasksOfCase, { caseNo }),
      this.rpc.request(Rpc.certificate.listByCase, { caseNo }),
      // the window's: messages that did not reach the applicant (left out while notification does not answer)
      isStaff ? this.rpc.request(Rpc.notification.problems, { caseNos: [caseNo] }).catch(() => undefined) : Promise.resolve(undefined),
    ]);
    if (!isStaff && !c.items.some((i) => i.departmentCode === actor?.department)) {
      // a reviewer of a department not in the case: not even its existence
      throw AppError.notFound('case');
    }
    return {
      caseNo: c.caseNo,
      applicationId: c.applicationId,
      status: c.status,
      stage: c.stage,
      acceptedAt: c.acceptedAt,
      promisedDueDate: c.promisedDueDate,
      promisedDueDateProvisional: c.promisedDueDateProvisional,
      catalogVersion: c.catalogVersion,
      applicant: maskApplicant(c.applicant),
      project: c.project,
      items: c.items,
      tasks: tasks.map(taskSummary),
      certificates: certificates.map((x) => ({ id: x.id, no: x.no, type: x.type, typeName: x.typeName, itemCode: x.itemCode, status: x.status, verifyCode: x.verifyCode })),
      timeline: c.timeline,
      ...(messageProblems ? { messageProblems } : {}),
    };
  }

  @Get('cases/:caseNo/documents')
  @ApiOperation({ summary: "The window's written documents of a case: its 受理通知书, its 特别程序告知书 (kind, number, date)" })
  documents(@Param('caseNo', CaseNoParam) caseNo: string) {
    return this.rpc.request(Rpc.intake.caseDocuments, { caseNo });
  }

  @Get('cases/:caseNo/documents/:kind.pdf')
  @ApiOperation({ summary: 'One written document of the case by kind (the latest, or ?documentNo=) as PDF' })
  @ApiProduces('application/pdf')
  async document(@Param('caseNo', CaseNoParam) caseNo: string, @Param('kind') kind: string, @Query() q: CaseDocumentQuery) {
    if (!isDocumentKind(kind)) throw AppError.notFound('document');
    return pdfFile(await this.rpc.request(Rpc.intake.getDocument, { kind, caseNo, ...(q.documentNo ? { documentNo: q.documentNo } : {}) }));
  }

  @Get('cases/:caseNo/acceptance-notice.pdf')
  @ApiOperation({ summary: '受理通知书 (PDF), printed at the window' })
  @ApiProduces('application/pdf')
  async acceptanceNotice(@Param('caseNo', CaseNoParam) caseNo: string) {
    return pdfFile(await this.rpc.request(Rpc.intake.getDocument, { kind: 'acceptance_notice', caseNo }));
  }

  @Get('cases/:caseNo/notifications')
  notifications(@Param('caseNo', CaseNoParam) caseNo: string) {
    return this.rpc.request(Rpc.notification.listByCase, { caseNo });
  }

  @Post('cases/:caseNo/supplements')
  @HttpCode(200)
  @ApiOperation({ summary: '补正材料: the supplement a department asked for, received at the window (the waiting tasks resume)' })
  async supplement(@Param('caseNo', CaseNoParam) caseNo: string, @Body() body: CaseSupplementBody) {
    const c = await this.rpc.request(Rpc.intake.addCaseSupplement, { caseNo, materials: body.materials });
    return { ...c, applicant: maskApplicant(c.applicant) };
  }

  @Post('cases/:caseNo/early-delivery')
  @HttpCode(200)
  @ApiOperation({ summary: "The applicant asks for one item's result before the others (统一出件 otherwise)" })
  async earlyDelivery(@Param('caseNo', CaseNoParam) caseNo: string, @Body() body: EarlyDeliveryBody) {
    const c = await this.rpc.request(Rpc.intake.earlyDelivery, { caseNo, itemCode: body.itemCode });
    return { ...c, applicant: maskApplicant(c.applicant) };
  }

  @Get('inquiry')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({ summary: 'Public progress inquiry: case number + last four digits of the phone; no personal data; rate limited (429)' })
  inquiry(@Query() q: InquiryRequest) {
    return this.rpc.request(Rpc.intake.inquiry, q);
  }

  @Post('cases/:caseNo/wechat')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({
    summary:
      "关注绑定 (public, for the official account's H5 page): the case's applicant messages also go to this openid as WeChat template messages; the phone's last four digits prove the case (a wrong number or an unknown case: 404); rate limited (429)",
  })
  bindWechat(@Param('caseNo', CaseNoParam) caseNo: string, @Body() body: WechatBindBody) {
    return this.rpc.request(Rpc.notification.wechatBind, { caseNo, openId: body.openId, phoneLast4: body.phoneLast4 });
  }

  @Delete('cases/:caseNo/wechat')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({ summary: '解除绑定 (public): only the bound openid (in the body) can unbind; anything else is 404; rate limited (429)' })
  unbindWechat(@Param('caseNo', CaseNoParam) caseNo: string, @Body() body: WechatOpenIdBody) {
    return this.rpc.request(Rpc.notification.wechatUnbind, { caseNo, openId: body.openId });
  }
}
