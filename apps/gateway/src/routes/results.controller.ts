import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags, OmitType } from '@nestjs/swagger';
import { pdfFile } from '../http/pdf.js';
import { CollectCertificateRequest, MailCaseRequest, Rpc, SubmitEvaluationRequest } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

import { CaseNoParam, UuidParam } from '../http/pipes.js';

class CollectBody extends OmitType(CollectCertificateRequest, ['id'] as const) {}
class MailBody extends OmitType(MailCaseRequest, ['caseNo'] as const) {}

@ApiTags('results (领证) and ratings (评价)')
@Controller('v1')
export class ResultsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('cases/:caseNo/certificates')
  async certificates(@Param('caseNo', CaseNoParam) caseNo: string) {
    return (await this.rpc.request(Rpc.certificate.listByCase, { caseNo })).map((c) => ({
      id: c.id,
      no: c.no,
      type: c.type,
      typeName: c.typeName,
      role: c.role,
      itemCode: c.itemCode,
      itemName: c.itemName,
      status: c.status,
      standing: c.standing,
      verifyCode: c.verifyCode,
      issuedAt: c.issuedAt,
      ...(c.validUntil ? { validUntil: c.validUntil } : {}),
      ...(c.departmentName ? { departmentName: c.departmentName } : {}),
      ...(c.standingSince ? { standingSince: c.standingSince, standingReason: c.standingReason } : {}),
      ...(c.replaces ? { replaces: c.replaces } : {}),
      ...(c.replacedBy ? { replacedBy: c.replacedBy } : {}),
    }));
  }

  @Get('certificates/:id.pdf')
  @ApiOperation({ summary: 'The document as printed (PDF): its layout by type, page numbers, seal area, QR code to the public verification; a reviewer gets its department\'s only' })
  @ApiProduces('application/pdf')
  async pdf(@Param('id', UuidParam) id: string) {
    return pdfFile(await this.rpc.request(Rpc.certificate.pdf, { id }));
  }

  @Get('certificates/:id/change-notice.pdf')
  @ApiOperation({ summary: 'The decision that revoked or withdrew the document, or the notice of its correction (PDF); 404 while it stands' })
  @ApiProduces('application/pdf')
  async changeNotice(@Param('id', UuidParam) id: string) {
    return pdfFile(await this.rpc.request(Rpc.certificate.pdf, { id, which: 'change_notice' }));
  }

  @Post('certificates/:id/collect')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Hand a certificate over at the window, only to the applicant in person, the recorded legal representative or contact, or an authorised agent (403 COLLECTOR_NOT_AUTHORISED lists why); 409 if already collected or mailed',
  })
  collect(@Param('id', UuidParam) id: string, @Body() body: CollectBody) {
    return this.rpc.request(Rpc.certificate.collect, { id, ...body });
  }

  @Post('cases/:caseNo/mail')
  @ApiOperation({
    summary:
      '免费寄递: mail every document waiting at the desk (the mailing authorisation is recorded); 201 {trackingNo}; 409 when nothing waits (collected or already mailed); 422 when the post refuses; 503 when the post does not answer (the shipment is finished automatically)',
  })
  mail(@Param('caseNo', CaseNoParam) caseNo: string, @Body() body: MailBody) {
    return this.rpc.request(Rpc.certificate.mail, { caseNo, ...body });
  }

  @Get('verify/:verifyCode')
  @ApiOperation({ summary: 'Check a document by its verification code (the QR code on it): valid, or revoked / withdrawn / superseded with the date (and the replacing number); the holder is masked' })
  verify(@Param('verifyCode') verifyCode: string) {
    return this.rpc.request(Rpc.certificate.verify, { verifyCode });
  }

  @Get('cases/:caseNo/evaluations')
  @ApiOperation({ summary: "The case's rating, with a bad review's rectification record" })
  evaluations(@Param('caseNo', CaseNoParam) caseNo: string) {
    return this.rpc.request(Rpc.evaluation.listByCase, { caseNo });
  }

  @Post('evaluations')
  @ApiOperation({ summary: 'Rate the service (好差评); 409 on a second rating of the same case' })
  evaluate(@Body() body: SubmitEvaluationRequest) {
    return this.rpc.request(Rpc.evaluation.submit, body);
  }

  @Get('supervision/haocha-push')
  @ApiOperation({ summary: 'The push of ratings and rectification outcomes to the provincial 好差评 platform: backlog, failures, refusals' })
  haochaPush() {
    return this.rpc.request(Rpc.evaluation.pushBacklog, {});
  }

  @Post('supervision/haocha-push/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a refused (or backing-off) rating or rectification outcome to the provincial platform again now; 409 once pushed' })
  retryHaochaPush(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.evaluation.pushRetry, { id });
  }
}
