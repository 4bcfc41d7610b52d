import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags, OmitType } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError, HandOverRequest, ListWaitingRequest, RecordAuthorisationRequest, Rpc } from '@yichuang/contracts';
import { RpcClient, SIGNATURE_HEADERS } from '@yichuang/platform';

import { pdfFile } from '../http/pdf.js';
import { CaseNoParam, UuidParam } from '../http/pipes.js';

class RecordAuthorisationBody extends OmitType(RecordAuthorisationRequest, ['caseNo'] as const) {}
class HandOverBody extends OmitType(HandOverRequest, ['caseNo'] as const) {}

/** 领证 and 免费寄递 beyond the contract's first routes: authorisations, hand-overs and receipts, the desk, shipments, tracking. */
@ApiTags('delivery (领证, 免费寄递)')
@Controller('v1')
export class DeliveryController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('cases/:caseNo/authorisations')
  @ApiOperation({ summary: '授权委托: record an agent\'s letter of authorisation (name, ID number, scope, SHA-256 of the scanned letter); the agent may then collect' })
  recordAuthorisation(@Param('caseNo', CaseNoParam) caseNo: string, @Body() body: RecordAuthorisationBody) {
    return this.rpc.request(Rpc.certificate.recordAuthorisation, { caseNo, ...body });
  }

  @Get('cases/:caseNo/authorisations')
  authorisations(@Param('caseNo', CaseNoParam) caseNo: string) {
    return this.rpc.request(Rpc.certificate.listAuthorisations, { caseNo });
  }

  @Post('cases/:caseNo/handovers')
  @ApiOperation({
    summary:
      '领证: hand documents of the case over (default: every one waiting) to the applicant in person, the recorded legal representative or contact, or an authorised agent; 403 COLLECTOR_NOT_AUTHORISED lists why for anyone else; 409 if collected or mailed',
  })
  handOver(@Param('caseNo', CaseNoParam) caseNo: string, @Body() body: HandOverBody) {
    return this.rpc.request(Rpc.certificate.handOver, { caseNo, ...body });
  }

  @Get('cases/:caseNo/handovers')
  handovers(@Param('caseNo', CaseNoParam) caseNo: string) {
    return this.rpc.request(Rpc.certificate.listHandovers, { caseNo });
  }

  @Get('handovers/:id')
  @ApiOperation({ summary: 'The hand-over record: the data of the 领证回执 (collector masked)' })
  handover(@Param('id', UuidParam) id: string) {
    return this.rpc.request(Rpc.certificate.getHandover, { id });
  }

  @Get('handovers/:id/receipt.pdf')
  @ApiOperation({ summary: '领证回执 (PDF): which documents, to whom in which capacity (ID masked), window, staff, time, signature hash' })
  @ApiProduces('application/pdf')
  async receipt(@Param('id', UuidParam) id: string) {
    return pdfFile(await this.rpc.request(Rpc.certificate.handoverReceipt, { id }));
  }

  @Get('pickup-desk/waiting')
  @ApiOperation({ summary: 'Documents waiting at the pick-up desk (issued, not collected or mailed) with the working days they have waited' })
  waiting(@Query() q: ListWaitingRequest) {
    return this.rpc.request(Rpc.certificate.listWaiting, q);
  }

  @Get('cases/:caseNo/shipments')
  @ApiOperation({ summary: 'EMS shipments of the case with their tracking (phone masked)' })
  shipments(@Param('caseNo', CaseNoParam) caseNo: string) {
    return this.rpc.request(Rpc.certificate.listShipments, { caseNo });
  }

  @Post('ems/webhook')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The post's tracking callback: public, but signed (x-app-key, x-timestamp, x-nonce, x-signature = HMAC-SHA256 over the exact body); 401 for a bad signature, a stale timestamp or a replayed nonce",
  })
  webhook(@Req() req: RawBodyRequest<Request>) {
    const header = (name: string) => {
      const v = req.headers[name];
      return typeof v === 'string' ? v : '';
    };
    const signed = {
      appKey: header(SIGNATURE_HEADERS.appKey),
      timestamp: header(SIGNATURE_HEADERS.timestamp),
      nonce: header(SIGNATURE_HEADERS.nonce),
      signature: header(SIGNATURE_HEADERS.signature),
    };
    const missing = Object.entries(SIGNATURE_HEADERS).filter(([k]) => signed[k as keyof typeof signed] === '');
    if (missing.length > 0) {
      throw new AppError(
        'UNAUTHORIZED',
        'the callback is not signed',
        missing.map(([, name]) => ({ field: name, problem: `header ${name} is required` })),
      );
    }
    return this.rpc.request(Rpc.certificate.emsWebhook, { body: req.rawBody?.toString('utf8') ?? '', ...signed });
  }
}
