import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import type { ReviewEnv } from './config.js';
import { ReviewTask, TaskAction } from './tasks/task.entities.js';
import { TasksService } from './tasks/tasks.service.js';
import { TasksNats } from './tasks/tasks.nats.js';
import { TaskPause } from './procedures/pause.entity.js';
import { ProceduresService } from './procedures/procedures.service.js';
import { ProceduresNats } from './procedures/procedures.nats.js';
import { ReviewMeeting, ReviewMeetingOpinion } from './meetings/meeting.entities.js';
import { MeetingsService } from './meetings/meetings.service.js';
import { MeetingsNats } from './meetings/meetings.nats.js';
import { BackOffice1764800000000 } from './migrations/1764800000000-BackOffice.js';
import { DepartmentFeed } from './department/department-feed.js';
import { DepartmentRequests } from './department/department-requests.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { TaskAlarms1764900000000 } from './migrations/1764900000000-TaskAlarms.js';
import { alarmProviders } from './alarms/alarms.service.js';
import { AlarmsNats } from './alarms/alarms.nats.js';
import { DeadlineChanges1765000000000 } from './migrations/1765000000000-DeadlineChanges.js';
import { OutboxPublishedOnCommit1765100000000 } from './migrations/1765100000000-OutboxPublishedOnCommit.js';
import { CalendarImpactService } from './calendar/calendar-impact.service.js';
import { CalendarImpactNats } from './calendar/calendar-impact.nats.js';
import { VerificationTasks1765500000000 } from './migrations/1765500000000-VerificationTasks.js';
import { CreateVerificationTasks } from './verification/create-verification-tasks.js';
import { VerifyCommitment } from './verification/verify-commitment.js';
import { VerificationNats } from './verification/verification.nats.js';
import { REVIEW_GAUGES } from './metrics.js';

/** The back office (后台分类办理): departmental review tasks. */
@Module({})
export class ReviewModule {
  static forRoot(env: ReviewEnv): DynamicModule {
    return {
      module: ReviewModule,
      imports: [ServicePlatformModule.forRoot({ service: 'review', env, entities: [ReviewTask, TaskAction, TaskPause, ReviewMeeting, ReviewMeetingOpinion], migrations: [Init1764100000000, BackOffice1764800000000, TaskAlarms1764900000000, DeadlineChanges1765000000000, OutboxPublishedOnCommit1765100000000, VerificationTasks1765500000000], gauges: REVIEW_GAUGES })],
      controllers: [AlarmsNats, TasksNats, ProceduresNats, MeetingsNats, CalendarImpactNats, VerificationNats],
      providers: [...alarmProviders({ yellowAtOrBelow: env.ALARM_YELLOW_AT_OR_BELOW, sweepMs: env.ALARM_SWEEP_MS }), TasksService, ProceduresService, MeetingsService, DepartmentRequests, DepartmentFeed, CalendarImpactService, CreateVerificationTasks, VerifyCommitment],
    };
  }
}
