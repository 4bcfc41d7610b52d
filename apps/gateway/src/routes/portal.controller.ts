import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags, OmitType, PickType } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { AddCaseSupplementRequest, AppError, APPLICANT_ROLE, CreateApplicationRequest, GetDocumentRequest, PortalCodeRequest, PortalVerifyRequest, RateServiceEventRequest, Rpc, type Actor } from '@yichuang/contracts';
import { DOCUMENT_KINDS, maskPhone, TASK_PAUSE_KIND_TEXT, type DocumentKind } from '@yichuang/domain';
import { Clock, RpcClient, requestContext } from '@yichuang/platform';
import type { GatewayEnv } from '../config.js';
import { GATEWAY_ENV } from '../tokens.js';
import { tokenTime } from '../http/auth.js';
import { pdfFile } from '../http/pdf.js';
import { UuidParam } from '../http/pipes.js';
import { MaterialFileInterceptor, MaterialUploads, type UploadedBytes } from '../materials/material-uploads.js';
import { UPLOAD_BODY, UploadFields } from './material-files.controller.js';
import { taskSummary } from './task-summary.js';

class PortalSupplementBody extends OmitType(AddCaseSupplementRequest, ['caseNo'] as const) {}
class PortalDocumentQuery extends PickType(GetDocumentRequest, ['documentNo'] as const) {}
class PortalRatingBody extends OmitType(RateServiceEventRequest, ['serviceEventId'] as const) {}

const MATERIAL_CODE = /^[A-Za-z0-9_.-]{1,60}$/;

/** The applicant's scope from their portal token (the AuthGuard let only an applicant token through). */
function applicant(): Actor & { applicationId: string } {
  const actor = requestContext.actor();
  if (!actor?.applicationId || !actor.roles.includes(APPLICANT_ROLE)) throw new AppError('FORBIDDEN', 'an applicant token is needed');
  return actor as Actor & { applicationId: string };
}

function caseOf(actor: Actor): string {
  if (!actor.caseNo) throw new AppError('INVALID_STATE', 'the application has not been accepted yet: it has no case', [{ field: 'caseNo', problem: 'not accepted yet', problemZh: '申请尚未受理，暂无办件信息' }]);
  return actor.caseNo;
}

/**
 * The online portal (网上申报) and the applicant's own case (申请人查询本人办件): the online application, a
 * one-time SMS code to the phone of the application, then a short-lived token (role `applicant`) for that one
 * application and its case: status, remaining working days, the written notices and decisions, corrections asked for
 * and the answer to them (electronic files), the service events to rate. The scope comes from the token, never
 * from the path: there is no way to name another case.
 */
@ApiTags('portal (网上申报)')
@Controller('v1/portal')
export class PortalController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly jwt: JwtService,
    private readonly clock: Clock,
    private readonly uploads: MaterialUploads,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  @Post('applications')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({ summary: "The applicant's own online submission (channel online); checked like any application; rate limited" })
  @ApiBody({ type: CreateApplicationRequest })
  submit(@Body() body: unknown) {
    return this.rpc.request(Rpc.intake.submitOnline, body as CreateApplicationRequest);
  }

  @Post('codes')
  @HttpCode(202)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({
    summary:
      'A one-time code by SMS to the phone of the application or case (the applicant\'s or the contact\'s): 6 digits, a few minutes, a few tries. The answer is the same whether or not the phone belongs to it; limited per phone (one a minute, a few an hour) and per client address (429)',
  })
  requestCode(@Body() body: PortalCodeRequest) {
    return this.rpc.request(Rpc.intake.portalRequestCode, body);
  }

  @Post('sessions')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  @ApiOperation({ summary: "The code → a short-lived applicant token for that application and its case only (401 CODE_INVALID: wrong, expired or spent)" })
  async session(@Body() body: PortalVerifyRequest) {
    const ok = await this.rpc.request(Rpc.intake.portalVerifyCode, body);
    const accessToken = await this.jwt.signAsync(
      { sub: `applicant:${ok.applicationId}`, roles: [APPLICANT_ROLE], app: ok.applicationId, ...(ok.caseNo ? { case: ok.caseNo } : {}), iat: tokenTime(this.clock) },
      { expiresIn: this.env.PORTAL_TOKEN_TTL_SECONDS },
    );
    return { accessToken, expiresIn: this.env.PORTAL_TOKEN_TTL_SECONDS, applicationId: ok.applicationId, ...(ok.caseNo ? { caseNo: ok.caseNo } : {}) };
  }

  @Get('case')
  @ApiOperation({
    summary:
      "The applicant's own application and case: status, promised date and each department's remaining working days, materials with their files, the notices and decisions to download, corrections asked for, the service events to rate (phone masked)",
  })
  async overview() {
    const actor = applicant();
    const o = await this.rpc.request(Rpc.intake.portalOverview, {});
    const caseNo = o.caseNo;
    const [tasks, documents, certificates, serviceEvents] = caseNo
      ? await Promise.all([
          this.rpc.request(Rpc.review.tasksOfCase, { caseNo }),
          this.rpc.request(Rpc.intake.caseDocuments, { caseNo }),
          this.rpc.request(Rpc.certificate.listByCase, { caseNo }),
          this.rpc.request(Rpc.evaluation.serviceEventsOfCase, { caseNo }).catch(() => []),
        ])
      : [[], [], [], []];
    if (o.applicationId !== actor.applicationId) throw AppError.notFound('application');
    return {
      ...o,
      applicant: { name: o.applicant.name, phone: maskPhone(o.applicant.phone) },
      tasks: tasks.map((t) => {
        const s = taskSummary(t);
        return { itemCode: s.itemCode, itemName: s.itemName, department: s.department, status: s.status, dueDate: s.dueDate, dueDateProvisional: s.dueDateProvisional, remainingWorkingDays: s.remainingWorkingDays, suspended: s.suspended, ...(s.outcome ? { outcome: s.outcome, decidedAt: s.decidedAt } : {}) };
      }),
      // the corrections the departments asked for (the timeline's 补齐补正 entries: item, what to bring)
      corrections: o.timeline.filter((t) => t.detail?.includes(TASK_PAUSE_KIND_TEXT.correction)),
      documents: documents.map((d) => ({ ...d, url: `/api/v1/portal/documents/${d.kind}.pdf?documentNo=${encodeURIComponent(d.documentNo)}` })),
      decisions: certificates
        .filter((c) => c.role !== 'result')
        .map((c) => ({ id: c.id, no: c.no, typeName: c.typeName, itemCode: c.itemCode, status: c.status, url: `/api/v1/portal/decisions/${c.id}.pdf` })),
      serviceEvents: serviceEvents.map((e) => ({ id: e.id, kind: e.kind, ...(e.windowNo ? { windowNo: e.windowNo } : {}), ...(e.departmentCode ? { departmentCode: e.departmentCode } : {}), ...(e.itemCode ? { itemCode: e.itemCode } : {}), occurredAt: e.occurredAt, rated: e.rated })),
    };
  }

  @Get('documents/:kind.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "One of the window's written documents of the applicant's own application or case (受理通知书, 一次性告知书, 不予受理决定书, 特别程序告知书)" })
  async document(@Param('kind') kind: string, @Query() q: PortalDocumentQuery) {
    const actor = applicant();
    if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw AppError.notFound('document');
    const ref = actor.caseNo ? { caseNo: actor.caseNo } : { applicationId: actor.applicationId };
    return pdfFile(await this.rpc.request(Rpc.intake.getDocument, { kind: kind as DocumentKind, ...ref, ...(q.documentNo ? { documentNo: q.documentNo } : {}) }));
  }

  @Get('decisions/:id.pdf')
  @ApiProduces('application/pdf')
  @ApiOperation({ summary: "A decision (准予/不予行政许可决定书) of the applicant's own case as PDF (the certificate itself is handed over at the window)" })
  async decision(@Param('id', UuidParam) id: string) {
    caseOf(applicant());
    return pdfFile(await this.rpc.request(Rpc.certificate.pdf, { id }));
  }

  @Post('materials/:code/files')
  @UseInterceptors(MaterialFileInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({ summary: "电子材料: the applicant uploads a file for one material of their own application (before acceptance, or after it to answer a correction)" })
  upload(@Param('code') code: string, @UploadedFile() file: UploadedBytes | undefined, @Body() body: UploadFields) {
    return this.uploads.upload(applicant().applicationId, MATERIAL_CODE.test(code) ? code : '-', file, body.replaces);
  }

  @Get('files/:fileId')
  @ApiProduces('application/pdf', 'image/jpeg', 'image/png')
  @ApiOperation({ summary: 'One of the electronic files of the applicant\'s own application' })
  download(@Param('fileId', UuidParam) fileId: string) {
    return this.uploads.download(applicant().applicationId, fileId);
  }

  @Delete('files/:fileId')
  @ApiOperation({ summary: 'Remove a file of the own application (before acceptance only)' })
  remove(@Param('fileId', UuidParam) fileId: string) {
    return this.uploads.remove(applicant().applicationId, fileId);
  }

  @Post('service-events/:id/rating')
  @ApiOperation({ summary: '好差评 online: the applicant rates one service event of their own case (受理, 审批, 领证), once (409 ALREADY_RATED); channel online' })
  rate(@Param('id', UuidParam) id: string, @Body() body: PortalRatingBody) {
    caseOf(applicant());
    return this.rpc.request(Rpc.evaluation.rateServiceEvent, { serviceEventId: id, level: body.level, ...(body.comment ? { comment: body.comment } : {}) });
  }

  @Post('supplements')
  @HttpCode(200)
  @ApiOperation({ summary: '补正: the applicant answers a correction with the electronic files uploaded for it since the acceptance (the waiting tasks resume)' })
  async supplement(@Body() body: PortalSupplementBody) {
    const caseNo = caseOf(applicant());
    const c = await this.rpc.request(Rpc.intake.addCaseSupplement, { caseNo, materials: body.materials });
    return { caseNo: c.caseNo, status: c.status };
  }
}
