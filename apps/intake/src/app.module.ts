import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import type { IntakeEnv } from './config.js';
import { INTAKE_ENV } from './tokens.js';
import { Application, ApplicationMaterial, Precheck } from './applications/application.entities.js';
import { ApplicationsService } from './applications/applications.service.js';
import { RecentApplications } from './applications/recent-applications.js';
import { ApplicationsNats } from './applications/applications.nats.js';
import { CaseFile, CaseTimelineEntry } from './cases/case.entities.js';
import { CasesService } from './cases/cases.service.js';
import { CasesNats } from './cases/cases.nats.js';
import { CaseEventsHandler } from './cases/case-events.handler.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { Documents1764300000000 } from './migrations/1764300000000-Documents.js';
import { IntakeDocument } from './documents/document.entity.js';
import { DocumentsService } from './documents/documents.service.js';
import { Queue1764400000000 } from './migrations/1764400000000-Queue.js';
import { QueueService } from './queue/queue.service.js';
import { QueueNats } from './queue/queue.nats.js';
import { Supervision1764500000000 } from './migrations/1764500000000-Supervision.js';
import { SupervisionService } from './supervision/supervision.service.js';
import { SupervisionNats } from './supervision/supervision.nats.js';
import { PaperConsultation1764600000000 } from './migrations/1764600000000-PaperConsultation.js';
import { EarlyDelivery1764700000000 } from './migrations/1764700000000-EarlyDelivery.js';
import { OutboxPublishedOnCommit1765100000000 } from './migrations/1765100000000-OutboxPublishedOnCommit.js';
import { ProvisionalDeadlines1765200000000 } from './migrations/1765200000000-ProvisionalDeadlines.js';
import { CalendarImpactService } from './calendar/calendar-impact.service.js';
import { CalendarImpactNats } from './calendar/calendar-impact.nats.js';
import { PrintCommitmentLetter } from './documents/print-commitment-letter.js';
import { RecordSpecialProcedureNotice } from './documents/record-special-procedure-notice.js';
import { SealedIdNumbers1766500000000 } from './migrations/1766500000000-SealedIdNumbers.js';
import { ComplaintAlarms1766100000000 } from './migrations/1766100000000-ComplaintAlarms.js';
import { SpecialProcedureNotices1765600000000 } from './migrations/1765600000000-SpecialProcedureNotices.js';
import { PaperService } from './paper/paper.service.js';
import { PaperNats } from './paper/paper.nats.js';
import { ConsultationService } from './consultation/consultation.service.js';
import { ConsultationNats } from './consultation/consultation.nats.js';

import { Prerequisites1766700000000 } from './migrations/1766700000000-Prerequisites.js';
import { ComplaintRouting1766900000000 } from './migrations/1766900000000-ComplaintRouting.js';
import { ElectronicMaterials1767300000000 } from './migrations/1767300000000-ElectronicMaterials.js';
import { MaterialFilesService } from './materials/material-files.service.js';
import { MaterialFilesNats } from './materials/material-files.nats.js';
import { PortalService } from './portal/portal.service.js';
import { PortalNats } from './portal/portal.nats.js';
import { INTAKE_GAUGES } from './metrics.js';
export const INTAKE_ENTITIES = [Application, ApplicationMaterial, Precheck, CaseFile, CaseTimelineEntry, IntakeDocument];
export const INTAKE_MIGRATIONS = [Init1764100000000, Documents1764300000000, Queue1764400000000, Supervision1764500000000, PaperConsultation1764600000000, EarlyDelivery1764700000000, OutboxPublishedOnCommit1765100000000, ProvisionalDeadlines1765200000000, SpecialProcedureNotices1765600000000, ComplaintAlarms1766100000000, SealedIdNumbers1766500000000, Prerequisites1766700000000, ComplaintRouting1766900000000, ElectronicMaterials1767300000000];

/** The comprehensive window (综合窗口): applications, pre-check, acceptance, cases. */
@Module({})
export class IntakeModule {
  static forRoot(env: IntakeEnv): DynamicModule {
    return {
      module: IntakeModule,
      imports: [ServicePlatformModule.forRoot({ service: 'intake', env, entities: INTAKE_ENTITIES, migrations: INTAKE_MIGRATIONS, personalData: true, gauges: INTAKE_GAUGES })],
      controllers: [ApplicationsNats, CasesNats, QueueNats, SupervisionNats, PaperNats, ConsultationNats, CalendarImpactNats, MaterialFilesNats, PortalNats],
      providers: [{ provide: INTAKE_ENV, useValue: env }, RecentApplications, ApplicationsService, CasesService, CaseEventsHandler, DocumentsService, QueueService, SupervisionService, PaperService, ConsultationService, CalendarImpactService, PrintCommitmentLetter, RecordSpecialProcedureNotice, MaterialFilesService, PortalService],
    };
  }
}
