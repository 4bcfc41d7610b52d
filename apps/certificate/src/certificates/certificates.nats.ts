import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ByCaseNoRequest, Rpc, VerifyCertificateRequest } from '@yichuang/contracts';
import { CertificatesService } from './certificates.service.js';

@Controller()
export class CertificatesNats {
  constructor(private readonly certificates: CertificatesService) {}

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
