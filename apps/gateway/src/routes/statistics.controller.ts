import { Controller, Get, HttpCode, Injectable, Param, Post, Query, StreamableFile, type PipeTransform } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AppError, Rpc, StatisticsExportRequest, StatisticsPeriodRequest, type CaseTimesView, type ProjectView, type RebuildReply, type StatisticsFeedStatus, type StatisticsSummary } from '@yichuang/contracts';
import { RpcClient } from '@yichuang/platform';

import { CaseNoParam } from '../http/pipes.js';

/** A project code in the path: anything but ASCII letters, digits and - is a project that does not exist (404). */
@Injectable()
class ProjectCodeParam implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!/^[A-Za-z0-9-]{1,60}$/.test(value)) throw AppError.notFound('project');
    return value;
  }
}

/** the rebuild only starts the replay; a summary over a long period may take a moment */
const REPORT_TIMEOUT_MS = 30_000;

@ApiTags('statistics (统计分析) and projects (流水式)')
@Controller('v1')
export class StatisticsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('statistics/summary')
  @ApiOperation({
    summary:
      'Volumes by stage, item, department, window and day; on-time rate and average working days per item and department; suspensions and corrections by kind with the working days they took; satisfaction by window, staff and department — for a period of days in China time, with how far the read model is behind the event stream',
  })
  summary(@Query() q: StatisticsPeriodRequest): Promise<StatisticsSummary> {
    return this.rpc.request(Rpc.statistics.summary, q, { timeoutMs: REPORT_TIMEOUT_MS });
  }

  @Get('statistics/cases')
  @ApiOperation({ summary: 'Every case accepted in the period, the whole time joined: queue wait, window service, acceptance → decision in working days (counted and paused), decision → hand-over, rating' })
  cases(@Query() q: StatisticsPeriodRequest): Promise<CaseTimesView[]> {
    return this.rpc.request(Rpc.statistics.cases, q, { timeoutMs: REPORT_TIMEOUT_MS });
  }

  @Get('statistics/cases/:caseNo')
  @ApiOperation({ summary: "One case's joined times (404 while the read model has not heard of it)" })
  caseTimes(@Param('caseNo', CaseNoParam) caseNo: string): Promise<CaseTimesView> {
    return this.rpc.request(Rpc.statistics.caseTimes, { caseNo });
  }

  @Get('statistics/export')
  @ApiOperation({ summary: 'One statistics table as a file: CSV (UTF-8 with BOM) or XLSX, Chinese column headers' })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async export(@Query() q: StatisticsExportRequest): Promise<StreamableFile> {
    const file = await this.rpc.request(Rpc.statistics.exportReport, q, { timeoutMs: REPORT_TIMEOUT_MS });
    return new StreamableFile(Buffer.from(file.contentBase64, 'base64'), { type: file.contentType, disposition: `attachment; filename="${file.filename}"` });
  }

  @Get('statistics/status')
  @ApiOperation({ summary: "How far the read model is: the last event applied (stream sequence, occurredAt) against the stream's last sequence; whether a rebuild runs" })
  status(): Promise<StatisticsFeedStatus> {
    return this.rpc.request(Rpc.statistics.status, {});
  }

  @Post('statistics/rebuild')
  @HttpCode(202)
  @ApiOperation({ summary: 'Drop the read model and replay the event stream from its start (answers at once; GET statistics/status says when it is done; 409 while one runs)' })
  rebuild(): Promise<RebuildReply> {
    return this.rpc.request(Rpc.statistics.rebuild, {});
  }

  @Get('projects/:projectCode')
  @ApiOperation({
    summary:
      "One project across the four stages (流水式): its applications, cases, tasks, documents and ratings in stage order, and where it stands now; personal data masked. Clerks, supervisors, administrators; reviewers are refused (the view joins every department's part)",
  })
  project(@Param('projectCode', ProjectCodeParam) projectCode: string): Promise<ProjectView> {
    return this.rpc.request(Rpc.statistics.project, { projectCode });
  }
}
