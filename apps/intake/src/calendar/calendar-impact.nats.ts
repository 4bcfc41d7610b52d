import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CalendarImpactRequest, Rpc } from '@yichuang/contracts';
import { CalendarImpactService } from './calendar-impact.service.js';

@Controller()
export class CalendarImpactNats {
  constructor(private readonly impact: CalendarImpactService) {}

  @MessagePattern(Rpc.intake.movedDeadlines.subject)
  moved(@Payload() req: CalendarImpactRequest) {
    return this.impact.moved(req.version);
  }
}
