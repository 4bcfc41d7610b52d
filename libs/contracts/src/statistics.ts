import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { CaseStatus, Outcome, RatingLevel, ServiceEventKind, Stage, TaskPauseKind } from '@yichuang/domain';
import { CASE_NO_PATTERN } from './common.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A period of days in China time, both ends inclusive; either end may be left open. */
export class StatisticsPeriodRequest {
  @ApiPropertyOptional({ example: '2026-09-01', description: 'first day (China time), inclusive' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-09-30', description: 'last day (China time), inclusive' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class StatisticsCaseRequest {
  @ApiProperty({ example: '411523-2026-000001' })
  @IsString()
  @Matches(CASE_NO_PATTERN, { message: 'caseNo must be a case number' })
  caseNo!: string;
}

export const STATISTICS_REPORTS = ['cases', 'volumes', 'timeliness', 'pauses', 'satisfaction'] as const;
export type StatisticsReport = (typeof STATISTICS_REPORTS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class StatisticsExportRequest extends StatisticsPeriodRequest {
  @ApiProperty({ enum: STATISTICS_REPORTS, description: 'which table: per-case times, volumes, timeliness, suspensions/corrections, satisfaction' })
  @IsIn(STATISTICS_REPORTS)
  report!: StatisticsReport;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;
}

export class ProjectRequest {
  @ApiProperty({ example: '2026-411523-48-01-000001', description: '项目代码 (投资项目在线审批监管平台)' })
  @IsString()
  @Length(1, 60)
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'projectCode must be ASCII letters, digits and -' })
  projectCode!: string;
}

/** How far the read model is: the last event applied against the stream's last one. */
export interface StatisticsFeedStatus {
  /** stream sequence of the last event applied (0: none yet) */
  lastAppliedSequence: number;
  /** occurredAt of that event */
  lastAppliedOccurredAt: string | null;
  lastAppliedSubject: string | null;
  /** the stream's last sequence now */
  streamLastSequence: number;
  /** events (`yc.evt.>`) not yet applied: not yet delivered to the feed's durable consumer, or delivered and not yet acknowledged */
  behind: number;
  /** a rebuild is replaying the stream */
  rebuilding: boolean;
  /** the last rebuild replayed the stream up to this sequence (null: never rebuilt) */
  rebuiltUpToSequence: number | null;
  /** the first sequence the stream still holds (older events expired: a rebuild cannot see them) */
  streamFirstSequence: number;
}

export interface RebuildReply {
  rebuilding: true;
  /** the replay runs to the stream's last sequence at the start */
  upToSequence: number;
}

/** Working days from acceptance to decision: those the time limit counted, and those it stood still (suspended or waiting for a correction). */
export interface WorkingDaysSplit {
  total: number;
  counted: number;
  paused: number;
}

export interface CaseItemTimes {
  itemCode: string;
  itemName: string;
  departmentCode: string;
  departmentName: string;
  promisedDays: number;
  dueDate: string | null;
  outcome: Outcome | null;
  decidedAt: string | null;
  decidedBy: string | null;
  /** decided on or before its due date; null while undecided */
  onTime: boolean | null;
  workingDays: WorkingDaysSplit | null;
  pauses: { kind: TaskPauseKind; procedure: string | null; from: string; to: string | null; workingDays: number | null }[];
}

/**
 * A rating as the read model keeps it: one per service event (受理, each 审批, 领证 — `kind`), attributed to its own
 * window, staff member, department and item; a rating of the first version (one per case) has no `kind`.
 */
export interface RatingFactView {
  level: RatingLevel;
  channel: string;
  submittedAt: string;
  kind: ServiceEventKind | null;
  windowNo: string | null;
  staff: string | null;
  departmentCode: string | null;
  itemCode: string | null;
  /** the hall's default for an event left unrated */
  defaulted: boolean;
}

/** One case, the whole time joined: queue → window → back office → hand-over → rating. */
export interface CaseTimesView {
  caseNo: string;
  projectCode: string;
  projectName: string;
  stage: Stage;
  windowNo: string | null;
  acceptedBy: string;
  status: CaseStatus | null;
  ticket: { ticketNo: string; day: string; category: string; issuedAt: string; calledAt: string | null; finishedAt: string | null; windowNo: string | null; calledBy: string | null } | null;
  /** ticket issued → first call */
  queueWaitSeconds: number | null;
  /** first call → the window finished the ticket */
  windowServiceSeconds: number | null;
  acceptedAt: string;
  decidedAt: string | null;
  /** acceptance date → decision date (China), for the case as a whole (pauses of any of its tasks) */
  workingDays: WorkingDaysSplit | null;
  handedOverAt: string | null;
  /** decision → every document collected or delivered */
  decisionToHandOver: { seconds: number; workingDays: number } | null;
  items: CaseItemTimes[];
  /** the first rating of the case (of its first service event rated), or null */
  rating: { level: RatingLevel; channel: string; submittedAt: string } | null;
  /** every rating of the case, oldest first */
  ratings: RatingFactView[];
}

export interface VolumeRow {
  key: string;
  name?: string;
  /** tickets issued (window and day rows) */
  tickets?: number;
  accepted: number;
  decided: number;
  handedOver: number;
}

export interface TimelinessRow {
  key: string;
  name: string;
  decided: number;
  onTime: number;
  /** onTime / decided (0–1), null with nothing decided */
  onTimeRate: number | null;
  /** average working days counted (acceptance → decision, pauses left out) */
  avgCountedWorkingDays: number | null;
  avgPausedWorkingDays: number | null;
}

export interface PauseRow {
  kind: TaskPauseKind;
  procedure: string | null;
  count: number;
  /** ended pauses */
  ended: number;
  /** working days the ended ones took, in all and on average */
  workingDays: number;
  avgWorkingDays: number | null;
}

export interface SatisfactionRow {
  key: string;
  ratings: number;
  levels: Record<RatingLevel, number>;
  /** 非常满意 5 … 非常不满意 1 */
  avgScore: number | null;
  /** (very_satisfied + satisfied + basic) / ratings */
  satisfiedRate: number | null;
  bad: number;
}

export interface StatisticsSummary {
  period: { from: string | null; to: string | null };
  volumes: { byStage: VolumeRow[]; byItem: VolumeRow[]; byDepartment: VolumeRow[]; byWindow: VolumeRow[]; byDay: VolumeRow[] };
  timeliness: { byItem: TimelinessRow[]; byDepartment: TimelinessRow[] };
  pauses: PauseRow[];
  satisfaction: { byWindow: SatisfactionRow[]; byStaff: SatisfactionRow[]; byDepartment: SatisfactionRow[]; byItem: SatisfactionRow[] };
  feed: StatisticsFeedStatus;
}

export interface StatisticsExport {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/** One project (项目代码) across the four stages (流水式). */
export interface ProjectView {
  projectCode: string;
  projectName: string;
  /** where the project stands now: the latest stage with a case, and that stage's state */
  current: { stage: Stage; stageName: string; state: ProjectStageState; stateText: string } | null;
  stages: ProjectStageView[];
  feed: StatisticsFeedStatus;
}

export type ProjectStageState = 'not_started' | 'in_progress' | 'decided' | 'completed';

export interface ProjectStageView {
  stage: Stage;
  stageName: string;
  state: ProjectStageState;
  stateText: string;
  applications: { applicationId: string; caseNo: string }[];
  cases: ProjectCaseView[];
}

export interface ProjectCaseView {
  caseNo: string;
  applicationId: string;
  status: CaseStatus | null;
  statusText: string | null;
  acceptedAt: string;
  windowNo: string | null;
  /** masked (libs/domain masking): a person's name and ID number */
  applicant: { kind: string; name: string; idNumber: string | null };
  decidedAt: string | null;
  handedOverAt: string | null;
  tasks: { taskId: string | null; itemCode: string; itemName: string; departmentCode: string; departmentName: string; state: 'pending' | 'suspended' | 'correction' | 'decided'; outcome: Outcome | null; dueDate: string | null; decidedAt: string | null }[];
  documents: { certificateId: string; no: string; typeName: string; itemCode: string; role: string | null; standing: string; issuedAt: string; handedOverAt: string | null }[];
  /** the first rating of the case, or null */
  rating: { level: RatingLevel; channel: string; submittedAt: string } | null;
  /** every rating of the case (一次一评: one per service event), oldest first */
  ratings: RatingFactView[];
}
