import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { TASK_STATUSES, type TaskStatus } from '@yichuang/domain';
import { ByIdRequest, CASE_NO_PATTERN } from './common.js';

export { TASK_STATUSES };
export type { TaskStatus };
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

export interface TaskView {
  id: string;
  caseNo: string;
  itemCode: string;
  itemName: string;
  department: string;
  status: TaskStatus;
  dueDate: string;
  remainingWorkingDays: number;
  suspended: boolean;
  alarm: AlarmLevel;
  assignee?: string;
  outcome?: 'approve' | 'deny';
  opinion?: string;
  decidedAt?: string;
  decidedBy?: string;
}

export class ClaimTaskRequest extends ByIdRequest {}

export const OUTCOMES = ['approve', 'deny'] as const;
export type Outcome = (typeof OUTCOMES)[number];

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

export class TasksCreatedV1 {
  @IsString() caseNo!: string;
  tasks!: { taskId: string; itemCode: string; departmentCode: string; dueDate: string }[];
}
