import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByCaseNoRequest, CertificatePdfRequest, CollectCertificateRequest, Rpc, VerifyCertificateRequest } from '@yichuang/contracts';
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

  @MessagePattern(Rpc.certificate.collect.subject)
  collect(@Payload() req: CollectCertificateRequest) {
    return this.certificates.collect(req);
  }

  @MessagePattern(Rpc.certificate.verify.subject)
  verify(@Payload() req: VerifyCertificateRequest) {
    return this.certificates.verify(req.verifyCode);
  }
}
