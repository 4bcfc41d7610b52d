import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByCaseNoRequest, CollectCertificateRequest, Rpc } from '@yichuang/contracts';
import { CertificatesService } from './certificates.service.js';

@Controller()
export class CertificatesNats {
  constructor(private readonly certificates: CertificatesService) {}

  @MessagePattern(Rpc.certificate.listByCase.subject)
  list(@Payload() req: ByCaseNoRequest) {
    return this.certificates.listByCase(req.caseNo);
  }

  @MessagePattern(Rpc.certificate.collect.subject)
  collect(@Payload() req: CollectCertificateRequest) {
    return this.certificates.collect(req);
  }
}
