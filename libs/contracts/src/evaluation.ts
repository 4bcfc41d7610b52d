import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { INVALID_REVIEW_REASONS, RATING_CHANNELS, RATING_LEVELS, SUBMITTED_RATING_CHANNELS, RECTIFICATION_STATUSES, SERVICE_EVENT_KINDS, type InvalidReviewReason, type RatingChannel, type RatingLevel, type RectificationStatus, type ServiceEventKind } from '@yichuang/domain';
import { CASE_NO_PATTERN } from './common.js';

// the code lists live in libs/domain with their Chinese labels; re-exported here under their old names
export { RATING_CHANNELS, RATING_LEVELS, RECTIFICATION_STATUSES, SERVICE_EVENT_KINDS, INVALID_REVIEW_REASONS };
export type { RatingLevel, RectificationStatus, ServiceEventKind, InvalidReviewReason };

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
  @ApiProperty({ enum: SUBMITTED_RATING_CHANNELS }) @IsIn(SUBMITTED_RATING_CHANNELS) channel!: RatingChannel;
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
  /** the rated service event (absent for the legacy one-rating-per-case) */
  @IsOptional() @IsString() serviceEventId?: string;
  @IsOptional() @IsIn(SERVICE_EVENT_KINDS) kind?: ServiceEventKind;
  @IsOptional() @IsString() windowNo?: string;
  @IsOptional() @IsString() staff?: string;
  @IsOptional() @IsString() departmentCode?: string;
  @IsOptional() @IsString() itemCode?: string;
  /** true when the hall's default was applied to an unrated event */
  @IsOptional() @IsBoolean() defaulted?: boolean;
  @IsOptional() @IsBoolean() bad?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 一次一评: a service event that can be rated once (受理, a department's 审批, 领证). */
export interface ServiceEventView {
  id: string;
  kind: ServiceEventKind;
  caseNo: string;
  windowNo?: string;
  staff?: string;
  departmentCode?: string;
  itemCode?: string;
  occurredAt: string;
  rated: boolean;
  evaluation?: EvaluationView;
}

/** A rating of one service event by staff (paper score sheet 纸质评价表: who entered it is recorded). */
export class RateServiceEventRequest {
  @ApiProperty({ format: 'uuid' }) @IsString() @Matches(UUID, { message: 'serviceEventId must be a UUID' }) serviceEventId!: string;
  @ApiProperty({ enum: RATING_LEVELS }) @IsIn(RATING_LEVELS) level!: RatingLevel;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1000) comment?: string;
}

/**
 * A rating made on the provincial 政务服务网's 好差评, handed in by apps/exchange (not a gateway route): it rates one
 * service of the case — of the kind named (and the department, for a decision), the latest not yet rated; none named:
 * the case's latest service not yet rated. Recorded once per the province's item (the exchange's Idempotency-Key);
 * `INVALID_STATE` while no such service has happened here (the exchange tries again), `ALREADY_RATED` when every one
 * is rated (一次一评).
 */
export class ProvinceRatingRequest {
  @IsString() @Matches(CASE_NO_PATTERN, { message: 'caseNo must be ASCII letters, digits and -' }) caseNo!: string;
  @IsIn(RATING_LEVELS) level!: RatingLevel;
  @IsOptional() @IsString() @Length(0, 1000) comment?: string;
  @IsOptional() @IsIn(SERVICE_EVENT_KINDS) service?: ServiceEventKind;
  @IsOptional() @IsString() @Matches(/^[A-Z][A-Z0-9_]{1,19}$/, { message: 'departmentCode must be a department code' }) departmentCode?: string;
}

/** The evaluator pad of a window (评价器): its device secret rates the window's current service. */
export class RatePadRequest {
  @ApiProperty() @IsString() @Length(1, 20) windowNo!: string;
  @ApiProperty({ description: 'the device secret (header X-Device-Secret over HTTP)' }) @IsString() @Length(16, 200) deviceSecret!: string;
  @ApiProperty({ enum: RATING_LEVELS }) @IsIn(RATING_LEVELS) level!: RatingLevel;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1000) comment?: string;
}

export class RegisterPadRequest {
  @ApiProperty() @IsString() @Length(1, 20) windowNo!: string;
}

export class PadCredentialView {
  @ApiProperty({ example: 'W02' }) windowNo!: string;
  /** shown once; only its hash is kept */
  @ApiProperty({ description: 'shown once; only its hash is kept' }) deviceSecret!: string;
}

/** A one-time rating link (online, in the completion SMS) or the QR at a window. */
export class IssueRatingLinkRequest {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsString() @Matches(UUID, { message: 'serviceEventId must be a UUID' }) serviceEventId?: string;
  /** QR at the window: the window's current service */
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 20) windowNo?: string;
}

export interface RatingLinkView {
  token: string;
  serviceEventId: string;
  expiresAt: string;
}

export class RateByLinkRequest {
  @ApiProperty() @IsString() @Length(16, 200) token!: string;
  @ApiProperty({ enum: RATING_LEVELS }) @IsIn(RATING_LEVELS) level!: RatingLevel;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1000) comment?: string;
  /**
   * which of the link's services (a completion SMS's link may cover the decisions of several departments); needed
   * only when more than one of them is still to be rated
   */
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsString() @Matches(UUID, { message: 'serviceEventId must be a UUID' }) serviceEventId?: string;
}

export class RatingLinkRequest {
  @ApiProperty() @IsString() @Length(16, 200) token!: string;
}

/** What a rating link rates (the page a link opens): its services, each rated or not, and whether it still works. */
export interface RatingLinkInfoView {
  caseNo: string;
  expiresAt: string;
  /** `open`: can rate; `used`: every service rated; `expired` */
  state: 'open' | 'used' | 'expired';
  events: ServiceEventView[];
}

/** An SMS reply (a digit 1–5) from the applicant's phone, passed on by notification's callbacks. */
export class SmsReplyRequest {
  @ApiProperty() @IsString() @Length(5, 20) phone!: string;
  @ApiProperty() @IsString() @Length(0, 160) text!: string;
}

export interface SmsReplyResult {
  /** false when the text was not a digit 1–5 or no unrated event of that phone was found */
  rated: boolean;
  evaluation?: EvaluationView;
}

/** The actions of a bad review's rectification case (差评整改). */
export const RECTIFICATION_ACTIONS = ['callback', 'rectified', 'cannot_rectify', 'invalid', 'appeal', 'appeal_upheld', 'appeal_rejected'] as const;
export type RectificationAction = (typeof RECTIFICATION_ACTIONS)[number];

export class RectificationActionRequest {
  @ApiProperty({ format: 'uuid', description: 'the evaluation id' }) @IsString() @Matches(UUID, { message: 'id must be a UUID' }) id!: string;
  @ApiProperty({ enum: RECTIFICATION_ACTIONS }) @IsIn(RECTIFICATION_ACTIONS) action!: RectificationAction;
  /** what the applicant said (call-back), what was done (rectified), why not (cannot_rectify), the appeal's grounds */
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 2000) note?: string;
  @ApiPropertyOptional({ enum: INVALID_REVIEW_REASONS }) @IsOptional() @IsIn(INVALID_REVIEW_REASONS) reason?: InvalidReviewReason;
}

export class ListRectificationsRequest {
  @ApiPropertyOptional({ enum: RECTIFICATION_STATUSES }) @IsOptional() @IsIn(RECTIFICATION_STATUSES) status?: RectificationStatus;
}

export interface RectificationCaseView {
  evaluationId: string;
  caseNo: string;
  status: RectificationStatus;
  level: RatingLevel;
  departmentCode?: string;
  windowNo?: string;
  staff?: string;
  callbackDue: string;
  rectifyDue?: string;
  callback?: { by: string; at: string; note: string };
  invalidReason?: InvalidReviewReason;
  note?: string;
  appeal?: { status: 'pending' | 'upheld' | 'rejected'; note?: string; decidedBy?: string };
  closedAt?: string;
  onTime?: boolean;
  alarms: ('yellow' | 'red')[];
}

export const EVALUATION_STATS_DIMENSIONS = ['window', 'staff', 'department', 'item', 'month'] as const;
export type EvaluationStatsDimension = (typeof EVALUATION_STATS_DIMENSIONS)[number];

export class EvaluationStatsRequest {
  @ApiProperty({ enum: EVALUATION_STATS_DIMENSIONS }) @IsIn(EVALUATION_STATS_DIMENSIONS) by!: EvaluationStatsDimension;
  @ApiPropertyOptional({ example: '2026-01-01' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be YYYY-MM-DD' }) from?: string;
  @ApiPropertyOptional({ example: '2026-12-31' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be YYYY-MM-DD' }) to?: string;
}

export interface EvaluationStatsRow {
  key: string;
  ratings: number;
  satisfied: number;
  bad: number;
  defaulted: number;
  /** (very satisfied + satisfied + basic) / ratings, 0..1; null when none */
  satisfactionRate: number | null;
  badRate: number | null;
  rectifications: number;
  closedOnTime: number;
  /** closed on time / closed, 0..1; null when none closed */
  rectificationOnTimeRate: number | null;
}

/** A bad review's rectification changed state: notification tells the applicant the outcome. */
export class RectificationChangedV1 {
  @IsString() evaluationId!: string;
  @IsString() caseNo!: string;
  @IsIn(RECTIFICATION_STATUSES) status!: RectificationStatus;
  @IsString() action!: string;
  /** the applicant's phone, for the outcome SMS (only on closing actions) */
  @IsOptional() @IsString() phone?: string;
  @IsOptional() @IsString() departmentCode?: string;
  @IsString() changedAt!: string;
}

/** An overdue (red) or nearly due (yellow) rectification, raised once per level. */
export class RectificationAlarmRaisedV1 {
  @IsString() evaluationId!: string;
  @IsString() caseNo!: string;
  @IsIn(['yellow', 'red']) level!: 'yellow' | 'red';
  @IsOptional() @IsString() departmentCode?: string;
  @IsString() dueDate!: string;
  @IsString() raisedAt!: string;
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
