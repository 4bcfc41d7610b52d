import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import { ResolveMessageProblemRequest, Rpc, type MessageProblemResolution } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

import { UuidParam } from '../http/pipes.js';

class ResolveBody extends OmitType(ResolveMessageProblemRequest, ['messageId'] as const) {}

/** The window handles messages that did not reach the applicant (on the follow-up list) by phoning instead. */
@ApiTags('follow-up (跟进办件)')
@Controller('v1/notifications')
export class NotificationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The clerk phoned the applicant about a message that did not reach them: recorded with who, when and the note; the problem leaves the follow-up list, the message keeps its status (404 unknown message, 409 a message that is no problem)',
  })
  resolve(@Param('id', UuidParam) id: string, @Body() body: ResolveBody): Promise<MessageProblemResolution> {
    return this.rpc.request(Rpc.notification.resolveProblem, { messageId: id, note: body.note });
  }
}
