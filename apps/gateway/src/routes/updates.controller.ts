import { Controller, Sse, type MessageEvent } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { AppError } from '@yichuang/contracts';
import { requestContext } from '@yichuang/platform';
import { UpdatesFeed } from '../updates/updates-feed.js';

/** The terminals' push channel: "my task arrived", "my case changed" (apps/gateway/src/updates). */
@ApiTags('updates (推送)')
@Controller('v1')
export class UpdatesController {
  constructor(private readonly feed: UpdatesFeed) {}

  @Sse('updates')
  @ApiOperation({
    summary:
      "Server-Sent Events for the caller's terminal: `task` {change: created|decided|suspended|resumed, caseNo, taskId, departmentCode} for a department's reviewers and head (their department's tasks), `case` {change: accepted|status|decided|issued|collected, caseNo, applicationId?} for clerks (every case) and an applicant (their own, and its tasks); a supervisor everything; `ping` every 25 s. Ids only: read what changed through the API. Bearer token in the Authorization header",
  })
  stream(): Observable<MessageEvent> {
    const actor = requestContext.actor();
    if (!actor) throw new AppError('UNAUTHORIZED', 'a token is needed');
    return this.feed.streamFor(actor);
  }
}
