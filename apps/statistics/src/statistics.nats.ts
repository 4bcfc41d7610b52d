import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ProjectRequest, Rpc, StatisticsCaseRequest, StatisticsExportRequest, StatisticsPeriodRequest, type StatisticsExport } from '@yichuang/contracts';
import { requireActor } from '@yichuang/platform';
import { Feed } from './feed/feed.js';
import { ReportService } from './report/report.service.js';
import { ProjectService } from './report/project.service.js';
import { casesTable, exportTable, pausesTable, satisfactionTable, timelinessTable, volumesTable, type Table } from './report/export.js';

/** who may read the statistics and rebuild them; the project view also the window (a reviewer may not: it joins every department's part) */
const STATISTICS_ROLES = ['supervisor', 'admin'] as const;
const PROJECT_ROLES = ['clerk', 'supervisor', 'admin'] as const;

/**
 * The statistics over NATS. The gateway's access matrix lets the same roles in; the service checks them again from the
 * actor header, so a request straight over NATS is refused the same way (docs/architecture.md, "Who may do what").
 */
@Controller()
export class StatisticsNats {
  constructor(
    private readonly reports: ReportService,
    private readonly projects: ProjectService,
    private readonly feed: Feed,
  ) {}

  @MessagePattern(Rpc.statistics.summary.subject)
  summary(@Payload() req: StatisticsPeriodRequest) {
    requireActor(...STATISTICS_ROLES);
    return this.reports.summary(req);
  }

  @MessagePattern(Rpc.statistics.cases.subject)
  cases(@Payload() req: StatisticsPeriodRequest) {
    requireActor(...STATISTICS_ROLES);
    return this.reports.cases(req);
  }

  @MessagePattern(Rpc.statistics.caseTimes.subject)
  caseTimes(@Payload() req: StatisticsCaseRequest) {
    requireActor(...STATISTICS_ROLES);
    return this.reports.caseTimes(req.caseNo);
  }

  @MessagePattern(Rpc.statistics.exportReport.subject)
  async exportReport(@Payload() req: StatisticsExportRequest): Promise<StatisticsExport> {
    requireActor(...STATISTICS_ROLES);
    const period = { ...(req.from ? { from: req.from } : {}), ...(req.to ? { to: req.to } : {}) };
    let table: Table;
    if (req.report === 'cases') table = casesTable(await this.reports.cases(period));
    else {
      const s = await this.reports.summary(period);
      table =
        req.report === 'volumes'
          ? volumesTable(s.volumes)
          : req.report === 'timeliness'
            ? timelinessTable(s.timeliness)
            : req.report === 'pauses'
              ? pausesTable(s.pauses)
              : satisfactionTable(s.satisfaction);
    }
    return exportTable(req.report, req.format, table, period);
  }

  @MessagePattern(Rpc.statistics.status.subject)
  status() {
    requireActor(...STATISTICS_ROLES);
    return this.feed.status();
  }

  @MessagePattern(Rpc.statistics.rebuild.subject)
  rebuild() {
    requireActor(...STATISTICS_ROLES);
    return this.feed.rebuild();
  }

  @MessagePattern(Rpc.statistics.project.subject)
  project(@Payload() req: ProjectRequest) {
    requireActor(...PROJECT_ROLES);
    return this.projects.project(req.projectCode);
  }
}
