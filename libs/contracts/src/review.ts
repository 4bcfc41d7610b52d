import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import {
  COMMITMENT_RESULTS,
  type CommitmentResult,
  type DeadlineKind,
  type TaskKind,
  MEETING_POSITIONS,
  OUTCOMES,
  PROCEDURES,
  TASK_PAUSE_KINDS,
  TASK_STATUSES,
  type MeetingPosition,
  type Outcome,
  type Procedure,
  type TaskPauseKind,
  type TaskStatus,
} from '@yichuang/domain';
import { ByIdRequest, CASE_NO_PATTERN } from './common.js';

// the code lists live in libs/domain with their Chinese labels; re-exported here under their old names
export { OUTCOMES, PROCEDURES, TASK_STATUSES };
export type { CommitmentResult, Outcome, Procedure, TaskKind, TaskStatus };
export type AlarmLevel = 'none' | 'yellow' | 'red';

export class ListTasksRequest {
  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @IsIn(TASK_STATUSES) status?: TaskStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(CASE_NO_PATTERN, { message: 'caseNo must be ASCII letters, digits and -' }) caseNo?: string;
}

export class TasksOfCaseRequest {
  @IsString() @Matches(CASE_NO_PATTERN) caseNo!: string;
}

export class TasksOfCasesRequest {
  @IsArray() @ArrayMaxSize(500) @IsString({ each: true }) caseNos!: string[];
}

/** What an applicant refused a licence may do (行政许可法 Art. 38): stated with every refusal. */
export const REFUSAL_RIGHTS_NOTICE = '如不服本决定，可以自收到决定之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。';

export interface TaskView {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: string;
  status: TaskStatus;
  /** the review of a promised item, or the follow-up check (事后核查) of a notify-and-commit item */
  kind: TaskKind;
  dueDate: string;
  /**
   * true when the clock counts a day of a year whose holiday arrangement is not announced (computed from the
   * holiday law): the due date may still move when the arrangement is loaded, and the applicant will be told
   */
  dueDateProvisional: boolean;
  remainingWorkingDays: number;
  suspended: boolean;
  alarm: AlarmLevel;
  assignee?: string;
  outcome?: Outcome;
  opinion?: string;
  decidedAt?: string;
  decidedBy?: string;
  /** a refusal (不予许可): its reasons, the same text as `opinion` */
  refusalReason?: string;
  /** a refusal: the applicant's rights to administrative reconsideration or litigation */
  rightsNotice?: string;
}

export class ClaimTaskRequest extends ByIdRequest {}

export class DecideTaskRequest extends ByIdRequest {
  @ApiProperty({ enum: OUTCOMES }) @IsIn(OUTCOMES) outcome!: Outcome;
  @ApiProperty({ example: '材料齐全，符合法定条件，准予许可。', description: 'the reasons of the decision (a refusal must give them); not blank' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'opinion must not be blank' })
  opinion!: string;
}

export class TaskDecidedV1 {
  @IsString() taskId!: string;
  @IsString() caseNo!: string;
  @IsString() itemCode!: string;
  @IsString() departmentCode!: string;
  @IsIn(OUTCOMES) outcome!: Outcome;
  @IsString() opinion!: string;
  @IsString() decidedBy!: string;
  @IsString() decidedAt!: string;
}

/**
 * 告知承诺制 事后核查: what a department found when it checked an applicant's commitment (an item approved at the
 * window). A false commitment revokes the item's documents (certificate), the case's timeline says so (intake).
 */
export class CommitmentVerifiedV1 {
  @IsString() taskId!: string;
  @IsString() caseNo!: string;
  @IsString() itemCode!: string;
  @IsString() itemName!: string;
  @IsString() departmentCode!: string;
  @IsIn(COMMITMENT_RESULTS) result!: CommitmentResult;
  @IsString() opinion!: string;
  @IsString() verifiedBy!: string;
  @IsString() verifiedAt!: string;
}

/** The department's conclusion on a 事后核查 task. */
export class VerifyCommitmentRequest extends ByIdRequest {
  @ApiProperty({ enum: COMMITMENT_RESULTS }) @IsIn(COMMITMENT_RESULTS) result!: CommitmentResult;
  @ApiProperty({ example: '经现场核查，申请人承诺的建设条件与实际一致。' })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'opinion must not be blank' })
  opinion!: string;
}

export class TasksCreatedV1 {
  @IsString() caseNo!: string;
  tasks!: { taskId: string; itemCode: string; departmentCode: string; dueDate: string }[];
}

/* ---------- issue 4: back office (后台分类办理) and supervision (电子监察) ---------- */

/** 特殊程序: stops the task's clock; the applicant is told in writing (SMS) how long it is expected to take. */
export class SuspendTaskRequest extends ByIdRequest {
  @ApiProperty({ enum: PROCEDURES }) @IsIn(PROCEDURES) procedure!: Procedure;
  @ApiProperty({ example: '需组织联合踏勘' }) @IsString() @Length(1, 1000) @Matches(/\S/, { message: 'reason must not be blank' }) reason!: string;
  @ApiProperty({ example: 5 }) @IsInt() @Min(1) @Max(365) expectedWorkingDays!: number;
}

export class ResumeTaskRequest extends ByIdRequest {}

export class CorrectionItemInput {
  @ApiPropertyOptional({ example: 'ZRZY-001-M02' }) @IsOptional() @IsString() @Length(1, 60) materialCode?: string;
  @ApiProperty({ example: '规划图缺少坐标' }) @IsString() @Length(1, 500) description!: string;
}

/** 补齐补正: every item to correct at once; the applicant is notified; the clock waits until the supplement arrives. */
export class RequestCorrectionRequest extends ByIdRequest {
  @ApiProperty({ type: [CorrectionItemInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => CorrectionItemInput)
  items!: CorrectionItemInput[];
}

/** Assignment by the department head, or reassignment. */
export class AssignTaskRequest extends ByIdRequest {
  @ApiProperty({ example: 'zrzy1' }) @IsString() @Length(1, 64) assignee!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) note?: string;
}

/** A reviewer's opinion recorded on the task (step by step: who, when, what). */
export class AddOpinionRequest extends ByIdRequest {
  @ApiProperty() @IsString() @Length(1, 2000) @Matches(/\S/, { message: 'opinion must not be blank' }) opinion!: string;
}

/** 联审会议: convene sections of the department, collect each section's opinion, conclude. */
export class ConveneMeetingRequest extends ByIdRequest {
  @ApiProperty({ type: [String], example: ['规划科', '用地科'] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(20) @IsString({ each: true }) @Length(1, 40, { each: true }) sections!: string[];
  @ApiProperty({ example: '审议用地预审意见' }) @IsString() @Length(1, 500) topic!: string;
}

export class SectionOpinionRequest extends ByIdRequest {
  @ApiProperty({ format: 'uuid' }) @IsString() meetingId!: string;
  @ApiProperty() @IsString() @Length(1, 40) section!: string;
  @ApiProperty({ enum: MEETING_POSITIONS }) @IsIn(MEETING_POSITIONS) position!: MeetingPosition;
  @ApiProperty() @IsString() @Length(1, 2000) opinion!: string;
}

export class ConcludeMeetingRequest extends ByIdRequest {
  @ApiProperty({ format: 'uuid' }) @IsString() meetingId!: string;
  @ApiProperty() @IsString() @Length(1, 2000) conclusion!: string;
}

/** A pause of the task's clock (special procedure or correction wait). */
export interface TaskPauseView {
  kind: TaskPauseKind;
  procedure?: Procedure;
  reason: string;
  expectedWorkingDays?: number;
  from: string;
  to?: string;
  startedBy: string;
  endedBy?: string;
}

export interface TaskActionView {
  at: string;
  actor: string;
  action: string;
  note?: string;
}

export interface TaskDetailView extends TaskView {
  promisedDays: number;
  startDate: string;
  pauses: TaskPauseView[];
  actions: TaskActionView[];
  meetings: { id: string; topic: string; sections: string[]; opinions: { section: string; position: string; opinion: string; by: string; at: string }[]; conclusion?: string; concludedAt?: string }[];
  corrections: { items: { materialCode?: string; description: string }[]; requestedAt: string; requestedBy: string; supplementedAt?: string }[];
}

/** The clock of a task, day by day: which days counted and why each excluded day was excluded. */
export interface TaskLedgerView {
  taskId: string;
  startDate: string;
  promisedDays: number;
  dueDate: string;
  /** a day of the ledger lies in a year whose holiday arrangement is not announced */
  provisional: boolean;
  elapsedWorkingDays: number;
  remainingWorkingDays: number;
  days: { date: string; counted: boolean; reason: 'counted' | 'rest_day' | 'holiday' | 'paused'; provisional: boolean }[];
}

export class TaskSuspendedV1 {
  @IsString() taskId!: string;
  @IsString() caseNo!: string;
  @IsString() itemCode!: string;
  @IsString() departmentCode!: string;
  @IsIn(TASK_PAUSE_KINDS) kind!: TaskPauseKind;
  @IsOptional() @IsIn(PROCEDURES) procedure?: Procedure;
  @IsString() reason!: string;
  @IsOptional() @IsInt() expectedWorkingDays?: number;
  /** correction: every item to correct */
  @IsOptional() @IsArray() items?: { materialCode?: string; description: string }[];
  @IsString() at!: string;
}

export class TaskResumedV1 {
  @IsString() taskId!: string;
  @IsString() caseNo!: string;
  @IsString() departmentCode!: string;
  @IsString() dueDate!: string;
  @IsString() at!: string;
}

/** A supplement for a correction request arrived at the window (intake → review resumes the waiting tasks). */
export class SupplementReceivedV1 {
  @IsString() caseNo!: string;
  @IsString() receivedAt!: string;
  @IsArray() @IsString({ each: true }) materialCodes!: string[];
}

export class TaskAlarmRaisedV1 {
  @IsString() alarmId!: string;
  @IsString() taskId!: string;
  @IsString() caseNo!: string;
  @IsString() departmentCode!: string;
  @IsIn(['yellow', 'red']) level!: 'yellow' | 'red';
  @IsString() dueDate!: string;
  @IsInt() remainingWorkingDays!: number;
  @IsString() raisedAt!: string;
}

/* ---------- issue 4.7: departments' own approval systems over NATS (yc.dept.<CODE>.…) ---------- */

/** A department code as it appears in a subject token (`ZRZY`, `FGW`): upper-case ASCII letters and digits. */
export const DEPARTMENT_CODE_PATTERN = /^[A-Z][A-Z0-9_]{0,31}$/;

/** The requests a department system may send on `yc.dept.<CODE>.task.<action>.v1`. */
export const DEPARTMENT_TASK_ACTIONS = ['list', 'claim', 'decide', 'suspend', 'resume', 'request-correction'] as const;
export type DepartmentTaskAction = (typeof DEPARTMENT_TASK_ACTIONS)[number];

/** `yc.dept.<CODE>.task.<action>.v1` — answered by the review service (queue group `review`). */
export function departmentTaskSubject(code: string, action: DepartmentTaskAction): string {
  return `yc.dept.${code}.task.${action}.v1`;
}

/** The department's durable task feed (JetStream, stream YC_EVENTS): `yc.dept.<CODE>.evt.task.assigned.v1`. */
export function departmentTaskAssignedSubject(code: string): string {
  return `yc.dept.${code}.evt.task.assigned.v1`;
}

/** The envelope `data` of `yc.dept.<CODE>.evt.task.assigned.v1`: a task of the department to review. */
export class DepartmentTaskAssignedV1 {
  @IsString() taskId!: string;
  @IsString() caseNo!: string;
  @IsString() itemCode!: string;
  @IsString() itemName!: string;
  @IsString() dueDate!: string;
  @IsInt() promisedDays!: number;
}

/** The department system's own user, recorded as the actor of the step (default `<CODE>-system`). */
const OPERATOR_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;

/** The department-system form of each task request: the same contract plus an optional `operator`. */
export class DepartmentListTasksRequest extends ListTasksRequest {
  @IsOptional() @IsString() @Matches(OPERATOR_PATTERN, { message: 'operator must be 1-64 ASCII letters, digits or ._@-' }) operator?: string;
}
export class DepartmentClaimTaskRequest extends ClaimTaskRequest {
  @IsOptional() @IsString() @Matches(OPERATOR_PATTERN, { message: 'operator must be 1-64 ASCII letters, digits or ._@-' }) operator?: string;
}
export class DepartmentDecideTaskRequest extends DecideTaskRequest {
  @IsOptional() @IsString() @Matches(OPERATOR_PATTERN, { message: 'operator must be 1-64 ASCII letters, digits or ._@-' }) operator?: string;
}
export class DepartmentSuspendTaskRequest extends SuspendTaskRequest {
  @IsOptional() @IsString() @Matches(OPERATOR_PATTERN, { message: 'operator must be 1-64 ASCII letters, digits or ._@-' }) operator?: string;
}
export class DepartmentResumeTaskRequest extends ResumeTaskRequest {
  @IsOptional() @IsString() @Matches(OPERATOR_PATTERN, { message: 'operator must be 1-64 ASCII letters, digits or ._@-' }) operator?: string;
}
export class DepartmentRequestCorrectionRequest extends RequestCorrectionRequest {
  @IsOptional() @IsString() @Matches(OPERATOR_PATTERN, { message: 'operator must be 1-64 ASCII letters, digits or ._@-' }) operator?: string;
}

/** The reply on every `yc.dept.<CODE>.task.*.v1` request. */
export type DepartmentReply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details: { field?: string; problem: string }[] } };

export class CalendarImpactRequest {
  @IsInt() @Min(1) version!: number;
}

export { DEADLINE_KINDS, type DeadlineKind } from '@yichuang/domain';


/**
 * A running deadline a calendar change moved: a review task's promised due date (review), the five working days
 * of Art. 32 for an application not yet accepted, or a complaint's answer deadline (intake).
 */
export interface MovedDeadlineView {
  kind: DeadlineKind;
  /** the review task (kind `task`) */
  taskId?: string;
  caseNo?: string;
  department?: string;
  /** the application (kind `art32_notice`) */
  applicationId?: string;
  /** the complaint (kind `complaint`) */
  consultationId?: string;
  oldDueDate: string;
  newDueDate: string;
  /** the new date still counts provisional days */
  provisional: boolean;
  changedAt: string;
}

/**
 * A calendar change moved the promised due dates of some of a case's tasks (review → notification tells the
 * applicant once per case and calendar version; intake notes it on the case).
 */
export class DeadlinesMovedV1 {
  @IsString() caseNo!: string;
  @IsInt() calendarVersion!: number;
  /** the years whose official arrangement the change loaded (empty for a single day changed) */
  @IsArray() @IsInt({ each: true }) calendarYears!: number[];
  @IsString() movedAt!: string;
  @IsArray() tasks!: { taskId: string; itemCode: string; itemName: string; departmentCode: string; oldDueDate: string; newDueDate: string; provisional: boolean }[];
}
