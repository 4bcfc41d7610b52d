import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AddWorkingDaysRequest, DeadlineRequest, LoadCalendarYearRequest, Rpc, SetCalendarDayRequest } from '@yichuang/contracts';
import { CalendarService } from './calendar.service.js';

@Controller()
export class CalendarNats {
  constructor(private readonly calendar: CalendarService) {}

  @MessagePattern(Rpc.admin.getCalendar.subject)
  get() {
    return this.calendar.snapshot();
  }

  @MessagePattern(Rpc.admin.calendarOverview.subject)
  overview() {
    return this.calendar.overview();
  }

  @MessagePattern(Rpc.admin.setCalendarDay.subject)
  setDay(@Payload() req: SetCalendarDayRequest) {
    return this.calendar.setDay(req);
  }

  @MessagePattern(Rpc.admin.loadCalendarYear.subject)
  loadYear(@Payload() req: LoadCalendarYearRequest) {
    return this.calendar.loadYear(req);
  }

  @MessagePattern(Rpc.admin.calendarChanges.subject)
  changes() {
    return this.calendar.changes();
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
