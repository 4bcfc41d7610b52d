import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConcludeMeetingRequest, ConveneMeetingRequest, Rpc, SectionOpinionRequest } from '@yichuang/contracts';
import { MeetingsService } from './meetings.service.js';

@Controller()
export class MeetingsNats {
  constructor(private readonly meetings: MeetingsService) {}

  @MessagePattern(Rpc.review.conveneMeeting.subject)
  convene(@Payload() req: ConveneMeetingRequest) {
    return this.meetings.convene(req);
  }

  @MessagePattern(Rpc.review.sectionOpinion.subject)
  sectionOpinion(@Payload() req: SectionOpinionRequest) {
    return this.meetings.sectionOpinion(req);
  }

  @MessagePattern(Rpc.review.concludeMeeting.subject)
  conclude(@Payload() req: ConcludeMeetingRequest) {
    return this.meetings.conclude(req);
  }
}
