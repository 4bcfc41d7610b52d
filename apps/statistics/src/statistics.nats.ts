import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ProjectRequest, Rpc, StatisticsCaseRequest, StatisticsExportRequest, StatisticsPeriodRequest, type StatisticsExport } from '@yichuang/contracts';
import { Feed } from './feed/feed.js';
import { ReportService } from './report/report.service.js';
import { ProjectService } from './report/project.service.js';
import { casesTable, exportTable, pausesTable, satisfactionTable, timelinessTable, volumesTable, type Table } from './report/export.js';

/** The statistics over NATS (the gateway lets supervisors and administrators in; the project view also clerks). */
@Controller()
export class StatisticsNats {
  constructor(
    private readonly reports: ReportService,
    private readonly projects: ProjectService,
    private readonly feed: Feed,
  ) {}

  @MessagePattern(Rpc.statistics.summary.subject)
  summary(@Payload() req: StatisticsPeriodRequest) {
    return this.reports.summary(req);
  }

  @MessagePattern(Rpc.statistics.cases.subject)
  cases(@Payload() req: StatisticsPeriodRequest) {
    return this.reports.cases(req);
  }

  @MessagePattern(Rpc.statistics.caseTimes.subject)
  caseTimes(@Payload() req: StatisticsCaseRequest) {
    return this.reports.caseTimes(req.caseNo);
  }

  @MessagePattern(Rpc.statistics.exportReport.subject)
  async exportReport(@Payload() req: StatisticsExportRequest): Promise<StatisticsExport> {
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
    return this.feed.status();
  }

  @MessagePattern(Rpc.statistics.rebuild.subject)
  rebuild() {
    return this.feed.rebuild();
  }

  @MessagePattern(Rpc.statistics.project.subject)
  project(@Payload() req: ProjectRequest) {
    return this.projects.project(req.projectCode);
  }
}
