import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { CorrectDocumentRequest, RevokeDocumentRequest, Rpc } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

import { UuidParam } from '../http/pipes.js';

class RevokeBody extends OmitType(RevokeDocumentRequest, ['id'] as const) {}
class CorrectBody extends OmitType(CorrectDocumentRequest, ['id'] as const) {}

/** The issuing department's acts on a document it issued: 撤销 / 撤回, 更正. */
@ApiTags('results (领证) and ratings (评价)')
@Controller('v1/certificates')
export class DocumentsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '撤销 (kind revoke, Art. 69) or 撤回 (kind withdraw, Art. 8) a document, by the head of the issuing department, with reason and legal basis; a licence and its grant decision go together; verify answers the new standing; the applicant is told by SMS',
  })
  revoke(@Param('id', UuidParam) id: string, @Body() body: RevokeBody) {
    return this.rpc.request(Rpc.certificate.revoke, { id, ...body });
  }

  @Post(':id/correct')
  @ApiOperation({ summary: '更正: a corrected document with a new number replaces this one (which answers superseded); by a reviewer of the issuing department' })
  correct(@Param('id', UuidParam) id: string, @Body() body: CorrectBody) {
    return this.rpc.request(Rpc.certificate.correct, { id, ...body });
  }
}
