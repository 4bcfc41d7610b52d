import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CorrectDocumentRequest, RevokeDocumentRequest, Rpc } from '@yichuang/contracts';
import { CorrectDocument } from './correct-document.js';
import { RevokeDocument } from './revoke-document.js';

@Controller()
export class RevocationNats {
  constructor(
    private readonly revokeDocument: RevokeDocument,
    private readonly correctDocument: CorrectDocument,
  ) {}

  @MessagePattern(Rpc.certificate.revoke.subject)
  revoke(@Payload() req: RevokeDocumentRequest) {
    return this.revokeDocument.execute(req);
  }

  @MessagePattern(Rpc.certificate.correct.subject)
  correct(@Payload() req: CorrectDocumentRequest) {
    return this.correctDocument.execute(req);
  }
}
