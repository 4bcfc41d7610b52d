/**
 * The exchange with the provincial platforms (apps/exchange, issue 18): the case's records and milestones pushed to
 * the provincial 政务服务网 (`zwfw`) and 工程建设项目审批管理系统 (`gcjs`), the supervisor's view of the backlog and
 * the daily reconciliation of what the province has against what we sent.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ISO_DATE_PATTERN } from './common.js';
import { IsProjectCode } from './validators.js';

/**
 * 政务服务网 (case records, materials list), 工程建设项目审批管理系统 (stage, items, milestones) and its 电子监察
 * (the alarms our electronic supervision raises, and their clearing)
 */
export const EXCHANGE_COUNTERPARTS = ['zwfw', 'gcjs', 'dzjc'] as const;
export type ExchangeCounterpart = (typeof EXCHANGE_COUNTERPARTS)[number];

/** what a pushed record reports: the case's step it came from */
export const EXCHANGE_MILESTONES = ['accepted', 'suspended', 'resumed', 'item_decided', 'decided', 'issued', 'handed_over', 'alarm_raised', 'alarm_cleared'] as const;
export type ExchangeMilestone = (typeof EXCHANGE_MILESTONES)[number];

export type ExchangePushStatus = 'pending' | 'pushed' | 'rejected';

/** One record for one counterpart as the supervisor sees it. */
export interface ExchangeItemView {
  /** our id, the counterpart's de-duplication key: `<event id>:<counterpart>` */
  id: string;
  counterpart: ExchangeCounterpart;
  milestone: ExchangeMilestone;
  caseNo: string;
  status: ExchangePushStatus;
  attempts: number;
  /** when the step happened (the event's time) */
  occurredAt: string;
  createdAt: string;
  pushedAt?: string;
  nextAttemptAt?: string;
  lastError?: string;
}

/** GET /api/v1/supervision/exchange: per counterpart, whether it is configured and how far behind it is. */
export interface ExchangeBacklog {
  counterparts: {
    counterpart: ExchangeCounterpart;
    /** false without its URL: records wait, nothing is pushed */
    enabled: boolean;
    pending: number;
    /** pending records that failed at least once */
    failing: number;
    rejected: number;
    pushed: number;
    oldestPendingAt?: string;
  }[];
  /** pending and rejected records, oldest first (at most 100) */
  items: ExchangeItemView[];
  /** accepted cases whose project code the 投资项目在线审批监管平台 has not confirmed (unknown to it, or not yet asked) */
  projectChecks: ProjectCheckView[];
  /** what the province sent: counts, and the newest items (at most 100) */
  inbound: { pending: number; refused: number; forwarded: number; items: InboundItemView[] };
  /** the reconciliations run (each night's of the day before, and those a supervisor asked for), newest first (at most 14) */
  reconciliations: ReconciliationRun[];
}

/** One reconciliation as it was run: when, by whom (`daily`: the night's job), and what it found. */
export interface ReconciliationRun extends ReconciliationReport {
  ranAt: string;
  ranBy: string;
}

/** the id of one record: `<event id>:<counterpart>` */
export const EXCHANGE_ITEM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:(zwfw|gcjs|dzjc)$/;

export class ExchangeItemRequest {
  @ApiProperty({ example: '0f8fad5b-d9cb-469f-a165-70867728950e:gcjs' })
  @Matches(EXCHANGE_ITEM_ID, { message: 'id must be <event id>:<counterpart>' })
  id!: string;
}

export class ReconcileRequest {
  @ApiProperty({ example: '2026-11-26', description: 'the day (China time) whose pushed records are compared' })
  @Matches(ISO_DATE_PATTERN, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({ enum: EXCHANGE_COUNTERPARTS, description: 'one counterpart; both when absent' })
  @IsOptional()
  @IsIn(EXCHANGE_COUNTERPARTS, { message: `counterpart must be one of ${EXCHANGE_COUNTERPARTS.join(', ')}` })
  counterpart?: ExchangeCounterpart;
}

/**
 * POST /api/v1/supervision/exchange/reconcile: what the province has against what we pushed on a day. A record we
 * pushed that the province does not have is sent again at once (`requeued`); a record the province has that we
 * never pushed (`unknownAtUs`) is listed for a person to look into.
 */
export interface ReconciliationReport {
  date: string;
  counterparts: {
    counterpart: ExchangeCounterpart;
    /** false: not configured, nothing compared */
    enabled: boolean;
    /** the counterpart could not be asked (down): nothing compared, try later */
    error?: string;
    pushed: number;
    atProvince: number;
    /** ids pushed by us, missing at the province: queued again */
    requeued: string[];
    /** ids the province has that we did not push that day */
    unknownAtUs: string[];
  }[];
}

/* ---------- 项目代码核验: the project code looked up at the 投资项目在线审批监管平台 ---------- */

/** `found`: the platform knows it; `unknown`: it answered that it does not; `unavailable`: it could not be asked (down, or not configured) */
export const PROJECT_CHECKS = ['found', 'unknown', 'unavailable'] as const;
export type ProjectCheck = (typeof PROJECT_CHECKS)[number];

export class ProjectLookupRequest {
  @ApiProperty({ example: '2026-411523-48-01-000123', description: '项目代码 (the rule of an application\'s project code)' })
  @IsString()
  @IsProjectCode()
  code!: string;
}

/**
 * GET /api/v1/project-codes/{code}: what the 投资项目在线审批监管平台 says of a project code. Never a refusal: a code
 * it does not know, or a platform that cannot be asked, lets the clerk go on (the case's code is checked again after
 * the acceptance: `ProjectCheckView`).
 */
export interface ProjectLookupView {
  code: string;
  check: ProjectCheck;
  /** with `found`: the project as the platform registered it */
  project?: { name: string; owner: string; location: string; stage?: number };
  /** what the window shows, in Chinese */
  message: string;
}

/** A case whose project code is not yet confirmed by the platform (checked again until it answers). */
export interface ProjectCheckView {
  caseNo: string;
  projectCode: string;
  check: ProjectCheck;
  attempts: number;
  checkedAt?: string;
  lastError?: string;
}

/* ---------- inbound: what the provincial portal sends the hall ---------- */

/**
 * what the provincial 政务服务网 sends: applications made on it (to intake as online applications), complaints made
 * on it (to intake's complaint desk), ratings made on its 好差评 (to evaluation)
 */
export const INBOUND_KINDS = ['applications', 'complaints', 'ratings'] as const;
export type InboundKind = (typeof INBOUND_KINDS)[number];

/** A signed push from the province, as the gateway received it (`POST /api/v1/callbacks/province/{kind}`). */
export class ProvinceCallbackRequest {
  @IsIn(INBOUND_KINDS, { message: `kind must be one of ${INBOUND_KINDS.join(', ')}` }) kind!: InboundKind;
  /** lower-case names: `content-type` and the signature headers (`x-app-key`, `x-timestamp`, `x-nonce`, `x-signature`) */
  @IsObject() headers!: Record<string, string>;
  /** the exact body received */
  @IsString() @MaxLength(262_144) rawBody!: string;
}

export interface ProvinceCallbackReply {
  status: number;
  body: Record<string, unknown>;
}

export type InboundStatus = 'pending' | 'forwarded' | 'refused';

/** One item the province sent, as the supervisor sees it. */
export interface InboundItemView {
  /** `zwfw:<the province's id>` (an application), `zwfw:<kind>:<the province's id>` (a complaint, a rating) */
  id: string;
  kind: InboundKind;
  status: InboundStatus;
  attempts: number;
  receivedAt: string;
  /** forwarded: the online application it became in intake */
  applicationId?: string;
  /** forwarded: the complaint it became at intake's complaint desk */
  complaintId?: string;
  /** forwarded: the rating it became in evaluation */
  evaluationId?: string;
  lastError?: string;
}
