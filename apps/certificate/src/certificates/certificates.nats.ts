import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByCaseNoRequest, CertificatePdfRequest, Rpc, VerifyCertificateRequest } from '@yichuang/contracts';
import { CertificatesService } from './certificates.service.js';
import { RenderDocument } from '../documents/render-document.js';

@Controller()
export class CertificatesNats {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly render: RenderDocument,
  ) {}

  @MessagePattern(Rpc.certificate.pdf.subject)
  pdf(@Payload() req: CertificatePdfRequest) {
    return this.render.execute(req);
  }

  @MessagePattern(Rpc.certificate.listByCase.subject)
  list(@Payload() req: ByCaseNoRequest) {
    return this.certificates.listByCase(req.caseNo);
  }

  // Rpc.certificate.collect: the hand-over with the identity check, pickup/pickup.nats.ts

  @MessagePattern(Rpc.certificate.verify.subject)
  verify(@Payload() req: VerifyCertificateRequest) {
    return this.certificates.verify(req.verifyCode);
  }
}
