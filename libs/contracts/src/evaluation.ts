import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { RATING_CHANNELS, RATING_LEVELS, RECTIFICATION_STATUSES, type RatingChannel, type RatingLevel, type RectificationStatus } from '@yichuang/domain';
import { CASE_NO_PATTERN } from './common.js';

// the code lists live in libs/domain with their Chinese labels; re-exported here under their old names
export { RATING_CHANNELS, RATING_LEVELS, RECTIFICATION_STATUSES };
export type { RatingLevel, RectificationStatus };

/** 差评: the two bottom levels (国办发〔2019〕51号) */
export const BAD_RATING_LEVELS: readonly RatingLevel[] = ['dissatisfied', 'very_dissatisfied'];

export interface RectificationView {
  status: RectificationStatus;
  /** calendar date (Asia/Shanghai) by which the handling unit must call back */
  dueDate: string;
  handler?: string;
}

export class SubmitEvaluationRequest {
  @ApiProperty() @IsString() @Matches(CASE_NO_PATTERN, { message: 'caseNo must be ASCII letters, digits and -' }) caseNo!: string;
  @ApiProperty({ enum: RATING_LEVELS }) @IsIn(RATING_LEVELS) level!: RatingLevel;
  @ApiProperty({ enum: RATING_CHANNELS }) @IsIn(RATING_CHANNELS) channel!: RatingChannel;
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

/** What the provincial 好差评 platform is sent: a rating or a rectification outcome, keyed by our id. */
export type ProvincialPushKind = 'rating' | 'rectification';
/** `pending`: not yet accepted (waiting or retrying); `pushed`: the platform accepted it; `rejected`: refused (4xx), not retried. */
export type ProvincialPushStatus = 'pending' | 'pushed' | 'rejected';

export interface ProvincialPushItemView {
  /** our id, sent to the platform as the de-duplication key (the event id it came from) */
  id: string;
  kind: ProvincialPushKind;
  /** the case, the rating */
  caseNo?: string;
  status: ProvincialPushStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt?: string;
  lastError?: string;
}

/** The push to the provincial platform as the supervisor sees it (GET /api/v1/supervision/haocha-push). */
export interface ProvincialPushBacklog {
  /** false without `HAOCHA_PUSH_URL`: nothing is pushed, items wait */
  enabled: boolean;
  pending: number;
  /** pending items that failed at least once */
  failing: number;
  rejected: number;
  pushed: number;
  oldestPendingAt?: string;
  /** pending and rejected items, oldest first (at most 100) */
  items: ProvincialPushItemView[];
}
