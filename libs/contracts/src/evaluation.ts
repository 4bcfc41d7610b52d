import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CASE_NO_PATTERN } from './common.js';

export const RATING_LEVELS = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'] as const;
export type RatingLevel = (typeof RATING_LEVELS)[number];
export const RATING_CHANNELS = ['pad', 'paper', 'online'] as const;
/** 差评: the two bottom levels (国办发〔2019〕51号) */
export const BAD_RATING_LEVELS: readonly RatingLevel[] = ['dissatisfied', 'very_dissatisfied'];

/**
 * A bad review's rectification ledger (差评整改): 待回访 → 整改中 → 整改完成, or 无效差评 / 无法整改;
 * 整改超期 when the due date passes.
 */
export const RECTIFICATION_STATUSES = ['pending_callback', 'rectifying', 'done', 'invalid', 'cannot_rectify', 'overdue'] as const;
export type RectificationStatus = (typeof RECTIFICATION_STATUSES)[number];

export interface RectificationView {
  status: RectificationStatus;
  /** calendar date (Asia/Shanghai) by which the handling unit must call back */
  dueDate: string;
  handler?: string;
}

export class SubmitEvaluationRequest {
  @ApiProperty() @IsString() @Matches(CASE_NO_PATTERN, { message: 'caseNo must be ASCII letters, digits and -' }) caseNo!: string;
  @ApiProperty({ enum: RATING_LEVELS }) @IsIn(RATING_LEVELS) level!: RatingLevel;
  @ApiProperty({ enum: RATING_CHANNELS }) @IsIn(RATING_CHANNELS) channel!: (typeof RATING_CHANNELS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 20) windowNo?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1000) comment?: string;
}

export interface EvaluationView {
  id: string;
  caseNo: string;
  level: RatingLevel;
  channel: string;
  bad: boolean;
  createdAt: string;
  windowNo?: string;
  comment?: string;
  /** present for a bad review */
  rectification?: RectificationView;
}

export class EvaluationSubmittedV1 {
  @IsString() evaluationId!: string;
  @IsString() caseNo!: string;
  @IsIn(RATING_LEVELS) level!: RatingLevel;
  @IsString() channel!: string;
  @IsString() submittedAt!: string;
}
