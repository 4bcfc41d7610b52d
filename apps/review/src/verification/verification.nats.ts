import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Rpc, VerifyCommitmentRequest } from '@yichuang/contracts';
import { VerifyCommitment } from './verify-commitment.js';

@Controller()
export class VerificationNats {
  constructor(private readonly verify: VerifyCommitment) {}

  @MessagePattern(Rpc.review.verifyCommitment.subject)
  verifyCommitment(@Payload() req: VerifyCommitmentRequest) {
    return this.verify.execute(req);
  }
}
