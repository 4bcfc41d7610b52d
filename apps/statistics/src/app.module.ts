import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import type { StatisticsEnv } from './config.js';
import { STATISTICS_ENV } from './tokens.js';
import { Feed } from './feed/feed.js';
import { ReportService } from './report/report.service.js';
import { ProjectService } from './report/project.service.js';
import { StatisticsNats } from './statistics.nats.js';
import { Init1766000000000 } from './migrations/1766000000000-Init.js';
import { RatingPerServiceEvent1767100000000 } from './migrations/1767100000000-RatingPerServiceEvent.js';

export const STATISTICS_MIGRATIONS = [Init1766000000000, RatingPerServiceEvent1767100000000];

/** Statistics (统计分析) and the project view: a read model fed by the event stream. */
@Module({})
export class StatisticsModule {
  static forRoot(env: StatisticsEnv): DynamicModule {
    return {
      module: StatisticsModule,
      imports: [ServicePlatformModule.forRoot({ service: 'statistics', env, entities: [], migrations: STATISTICS_MIGRATIONS })],
      controllers: [StatisticsNats],
      providers: [{ provide: STATISTICS_ENV, useValue: env }, Feed, ReportService, ProjectService],
    };
  }
}
