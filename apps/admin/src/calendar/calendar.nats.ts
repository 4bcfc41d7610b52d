import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddWorkingDaysRequest, DeadlineRequest, Rpc } from '@yichuang/contracts';
import { CalendarService } from './calendar.service.js';

@Controller()
export class CalendarNats {
  constructor(private readonly calendar: CalendarService) {}

  @MessagePattern(Rpc.admin.getCalendar.subject)
  get() {
    return this.calendar.snapshot();
  }

  @MessagePattern(Rpc.admin.addWorkingDays.subject)
  add(@Payload() req: AddWorkingDaysRequest) {
    return this.calendar.addWorkingDays(req.from, req.days);
  }

  @MessagePattern(Rpc.admin.deadline.subject)
  deadline(@Payload() req: DeadlineRequest) {
    return this.calendar.deadline(req.startDate, req.workingDays, req.pauses ?? []);
  }
}
