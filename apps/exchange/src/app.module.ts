import { Module, type DynamicModule } from '@nestjs/common';
import { loadEnv, MaterialStorageEnv, materialStorage, materialStorageProblem, ObjectStorage, ServicePlatformModule } from '@yichuang/platform';
import type { ExchangeEnv } from './config.js';
import { EXCHANGE_ENV } from './tokens.js';
import { ExchangeNats } from './exchange.nats.js';
import { PushRecords } from './push/push-records.repository.js';
import { PushSender } from './push/push-sender.js';
import { ReportSteps } from './push/report-steps.js';
import { PushSupervision } from './push/supervision.js';
import { HttpProvince, Province } from './push/province.js';
import { Init1767400000000 } from './migrations/1767400000000-Init.js';
import { ProjectChecks1767500000000 } from './migrations/1767500000000-ProjectChecks.js';
import { SupervisionAlarms1767600000000 } from './migrations/1767600000000-SupervisionAlarms.js';
import { Inbound1767700000000 } from './migrations/1767700000000-Inbound.js';
import { InboundComplaintsRatings1767800000000 } from './migrations/1767800000000-InboundComplaintsRatings.js';
import { ReconciliationRuns1767900000000 } from './migrations/1767900000000-ReconciliationRuns.js';
import { DailyReconciliation } from './push/daily-reconciliation.js';
import { InboundService } from './inbound/inbound.service.js';
import { ProvinceFiles } from './inbound/province-files.js';
import { HttpProjectRegistry, ProjectRegistry } from './project/project-registry.js';
import { ProjectChecksService } from './project/project-checks.service.js';

export const EXCHANGE_MIGRATIONS = [Init1767400000000, ProjectChecks1767500000000, SupervisionAlarms1767600000000, Inbound1767700000000, InboundComplaintsRatings1767800000000, ReconciliationRuns1767900000000];

/** The exchange with the provincial platforms (省政务服务网, 省工程建设项目审批管理系统). */
@Module({})
export class ExchangeModule {
  static forRoot(env: ExchangeEnv, storageEnv: MaterialStorageEnv = loadEnv(MaterialStorageEnv)): DynamicModule {
    // the files of the applications the province pushes go where the gateway keeps every material's bytes
    const problem = materialStorageProblem(storageEnv);
    if (problem) throw new Error(problem);
    return {
      module: ExchangeModule,
      // personal data: the applications the province pushes carry the applicant's ID number and phone (kept sealed)
      imports: [ServicePlatformModule.forRoot({ service: 'exchange', env, entities: [], migrations: EXCHANGE_MIGRATIONS, personalData: true })],
      controllers: [ExchangeNats],
      providers: [
        { provide: EXCHANGE_ENV, useValue: env },
        PushRecords,
        PushSender,
        ReportSteps,
        PushSupervision,
        DailyReconciliation,
        InboundService,
        ProvinceFiles,
        { provide: MaterialStorageEnv, useValue: storageEnv },
        { provide: ObjectStorage, useFactory: () => materialStorage(storageEnv) },
        { provide: Province, useClass: HttpProvince },
        ProjectChecksService,
        { provide: ProjectRegistry, useClass: HttpProjectRegistry },
      ],
    };
  }
}
