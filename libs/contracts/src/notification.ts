import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { CASE_NO_PATTERN } from './common.js';
import type { ErrorDetail } from './errors.js';
import { MESSAGE_CHANNELS, MESSAGE_TEMPLATES, type MessageChannel, type MessageProblemStatus, type MessageStatus, type MessageTemplate } from '@yichuang/domain';

// the code lists live in libs/domain with their Chinese labels (MessageStatus: what each status means); re-exported here
export { MESSAGE_TEMPLATES };
export type { MessageChannel, MessageProblemStatus, MessageStatus, MessageTemplate };

export interface NotificationView {
  id: string;
  channel: MessageChannel;
  template: string;
  status: MessageStatus;
  /** masked */
  recipient: string;
  content: string;
  createdAt: string;
  sentAt?: string;
  /** how many times the provider was asked */
  attempts?: number;
  /** why the last try failed (temporary, permanent or technical failure) */
  failureReason?: string;
  /** not yet sent because of quiet hours (免打扰时段): when it will be (status `created`, time in the future) */
  heldUntil?: string;
  /** the template version it was rendered with (0: the default body in code) */
  templateVersion?: number;
  /** a delivery problem the window handled (phoned the applicant): when, who, what was said */
  resolvedAt?: string;
  resolvedBy?: string;
  resolutionNote?: string;
}

export class MessageSentV1 {
  @IsString() messageId!: string;
  @IsString() caseNo!: string;
  @IsIn(MESSAGE_CHANNELS) channel!: MessageChannel;
  @IsString() template!: string;
  @IsString() sentAt!: string;
}

/**
 * 好差评 in the completion SMS (出件 / 寄递): the SMS carries a one-time rating link and invites a reply digit 1–5.
 * The token is made by notification (it writes the SMS); only its SHA-256 travels, evaluation keeps it as the link.
 * The link rates the 审批 events of the items whose results the SMS announces.
 */
export class RatingInvitationCreatedV1 {
  /** sha256 hex of the link's token */
  @IsString() tokenHash!: string;
  @IsString() caseNo!: string;
  /** the catalogue items whose results the SMS announces: the link rates their decisions (审批) */
  @IsArray() @IsString({ each: true }) itemCodes!: string[];
  /** the message it was sent in */
  @IsString() messageId!: string;
  @IsString() createdAt!: string;
}

/**
 * An applicant's SMS reply (上行短信) to a completion SMS carrying a rating invitation: the digit rates the
 * invitation's events (channel `sms`). No phone travels: the reply is already matched to its invitation.
 */
export class SmsRepliedV1 {
  @IsString() replyId!: string;
  /** the invitation (completion SMS) the reply answers: sha256 of its link token */
  @IsString() invitationTokenHash!: string;
  /** the reply as received, trimmed, at most 20 characters, personal data masked */
  @IsString() text!: string;
  @IsString() receivedAt!: string;
}

export class ByRefRequest {
  /** what the messages are about when there is no case (an application id) */
  @IsString() @Length(1, 100) ref!: string;
}

/**
 * A message platform's HTTP callback (delivery receipts) as the gateway received it on
 * `POST /api/v1/callbacks/{provider}` (or `GET` for a platform's URL check), passed on untouched for the
 * provider of that name to verify and parse (`yc.rpc.notification.provider-callback.v1`).
 */
export class ProviderCallbackRequest {
  /** the provider's name from the callback URL (`http`, `wechat`, …) */
  @IsString() @Matches(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'provider must be a provider name' }) provider!: string;
  /**
   * the headers a provider needs, lower-case names: `content-type`, the signature headers (`x-app-key`, `x-timestamp`,
   * `x-nonce`, `x-signature`) and the query parameters of platforms that sign in the URL (WeChat: `x-wechat-signature`,
   * `x-wechat-timestamp`, `x-wechat-nonce`, `x-wechat-echostr`)
   */
  @IsObject() headers!: Record<string, string>;
  /** the exact body received (empty for a GET) */
  @IsString() @MaxLength(262_144) rawBody!: string;
}

/** What the gateway answers the platform: the provider's HTTP status and body (JSON, or text for a string). */
export interface ProviderCallbackReply {
  status: number;
  body: unknown;
}

/* ---------- SMS templates owned by the administrator (短信模板管理) ---------- */

export type TemplateAudience = 'applicant' | 'staff';

export interface TemplateVariableView {
  name: string;
  /** Chinese, for the admin screen */
  description: string;
  /** may be shortened with "…" to fit */
  elastic: boolean;
  /** a fixed variable's longest value */
  maxLength?: number;
  /** its value comes from configuration (the signature, the hall's name and phone) */
  fromConfig?: boolean;
}

export interface TemplateView {
  code: MessageTemplate;
  /** MESSAGE_TEMPLATE_TEXT */
  name: string;
  audience: TemplateAudience;
  /** sent even in quiet hours */
  urgent: boolean;
  variables: TemplateVariableView[];
  /** the current version; 0: the default body in code */
  version: number;
  body: string;
  defaultBody: string;
  /** SMS parts the body needs at worst (fixed variables at their longest, elastic ones at their shortest) */
  segments: number;
  /** SMS_MAX_SEGMENTS */
  maxSegments: number;
  updatedAt?: string;
  updatedBy?: string;
}

export interface TemplateVersionView {
  version: number;
  body: string;
  note?: string;
  createdAt: string;
  createdBy: string;
}

export interface TemplateDetailView extends TemplateView {
  /** newest first; the default body (version 0) is not listed */
  history: TemplateVersionView[];
}

export interface TemplatePreview {
  /** the body rendered with the template's sample data (absent when the body cannot be rendered) */
  text?: string;
  characters?: number;
  /** SMS parts of this text */
  parts?: number;
  /** SMS parts needed at worst */
  worstCaseSegments: number;
  maxSegments: number;
  /** every problem saving it would meet (empty: it may be saved) */
  problems: ErrorDetail[];
}

export class TemplateCodeRequest {
  @ApiProperty({ enum: MESSAGE_TEMPLATES }) @IsIn(MESSAGE_TEMPLATES) code!: MessageTemplate;
}

export class PreviewTemplateRequest extends TemplateCodeRequest {
  @ApiProperty({ description: 'the body: Chinese text with {variable} placeholders' }) @IsString() @Length(0, 2000) body!: string;
}

export class SaveTemplateRequest extends PreviewTemplateRequest {
  @ApiPropertyOptional({ description: 'why it changed' }) @IsOptional() @IsString() @Length(0, 200) note?: string;
  @ApiProperty({ description: 'the version the change was made to (0: the default); another one is CONFLICT' }) @IsInt() @Min(0) @Max(1_000_000) expectedVersion!: number;
}

/* ---------- message problems for the window (短信送达异常) and provider health ---------- */

/** The messages of cases the window must act on (`yc.rpc.notification.problems.v1`). */
export class MessageProblemsRequest {
  /** only these cases (at most 500); all cases when absent */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @Matches(CASE_NO_PATTERN, { each: true, message: 'caseNos must be case numbers' })
  caseNos?: string[];

  /** only problems that arose at or after this instant */
  @ApiPropertyOptional() @IsOptional() @IsISO8601() since?: string;
}

/**
 * A message of a case that did not reach the applicant (permanent or technical failure) or whose delivery cannot be
 * confirmed (unconfirmed past SMS_RECEIPT_WAIT_HOURS), not yet handled by the window.
 */
export interface MessageProblemView {
  caseNo: string;
  messageId: string;
  channel: MessageChannel;
  template: MessageTemplate;
  /** MESSAGE_TEMPLATE_TEXT */
  templateName: string;
  status: MessageProblemStatus;
  /** MESSAGE_STATUS_TEXT */
  statusText: string;
  /** for the clerk, Chinese: what happened and what to do, with the provider's code in brackets (masked) */
  reason: string;
  /** when it failed (or when the try whose outcome is unknown was answered) */
  since: string;
}

/** The window phoned the applicant instead (`yc.rpc.notification.problem.resolve.v1`); the actor is who did. */
export class ResolveMessageProblemRequest {
  @ApiProperty() @IsUUID() messageId!: string;
  @ApiProperty({ description: 'what the applicant was told, or why no call was made (Chinese)' }) @IsString() @Length(1, 500) note!: string;
}

export interface MessageProblemResolution {
  messageId: string;
  caseNo: string | null;
  /** the message keeps its delivery status */
  status: MessageStatus;
  resolvedAt: string;
  resolvedBy: string;
  note: string;
}

/** `up`: used; `cooling_down`: skipped until `cooldownUntil`; `probing`: cooled down, one probe or try brings it back. */
export type ProviderState = 'up' | 'cooling_down' | 'probing';

/** One message provider (SMS gateway, WeChat) as one notification instance sees it (`yc.rpc.notification.providers.v1`). */
export class ProviderHealthView {
  @ApiProperty({ example: 'dev-sms' }) name!: string;
  @ApiProperty({ enum: MESSAGE_CHANNELS }) channel!: MessageChannel;
  /** 1 = tried first */
  @ApiProperty({ example: 1, description: '1 = tried first' }) priority!: number;
  @ApiProperty({ enum: ['up', 'cooling_down', 'probing'], description: '`up`: used; `cooling_down`: skipped until `cooldownUntil`; `probing`: one probe or try brings it back' })
  state!: ProviderState;
  @ApiProperty({ example: 0 }) consecutiveFailures!: number;
  @ApiPropertyOptional() cooldownUntil?: string;
  @ApiPropertyOptional({ example: 120 }) lastLatencyMs?: number;
  @ApiPropertyOptional() lastError?: string;
  @ApiPropertyOptional() lastSuccessAt?: string;
  /** tries answered by this provider since this instance started, by outcome */
  @ApiProperty({
    description: 'tries answered by this provider since this instance started, by outcome',
    type: 'object',
    properties: Object.fromEntries(['delivered', 'sending', 'temporary_failure', 'permanent_failure', 'unknown'].map((k) => [k, { type: 'integer' }])),
    required: ['delivered', 'sending', 'temporary_failure', 'permanent_failure', 'unknown'],
  })
  counts!: Record<'delivered' | 'sending' | 'temporary_failure' | 'permanent_failure' | 'unknown', number>;
  /** the provider's own connection state when it has one (SMPP: `{connected, bound, outstanding, reconnects, lastError?}`); never secrets */
  @ApiPropertyOptional({
    description: "the provider's own connection state when it has one (SMPP: connected, bound, outstanding, reconnects, lastError); never secrets",
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
  })
  details?: Record<string, string | number | boolean>;
  /** the notification instance that answered (health is per instance) */
  @ApiPropertyOptional({ description: 'the notification instance that answered (health is per instance)' }) instance?: string;
}

/* ---------- WeChat official-account binding (关注绑定) ---------- */

/** An openid as an official account hands them out (28 characters of [A-Za-z0-9_-]; 6–64 accepted). */
export const OPEN_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;

/** What the official account's H5 page sends for an applicant who follows the account (the openid from OAuth). */
export class WechatOpenIdBody {
  @ApiProperty({ example: 'oia2TjuEGTNoeX76QEjQNrcURxG8', description: "the applicant's openid at the hall's official account (from the H5 page's OAuth)" })
  @IsString()
  @Matches(OPEN_ID_PATTERN, { message: 'openId must be 6 to 64 letters, digits, _ or -' })
  openId!: string;
}

export class WechatBindBody extends WechatOpenIdBody {
  @ApiProperty({ example: '5678', description: 'the last four digits of the phone given when applying (as for the inquiry)' })
  @IsString()
  @Matches(/^\d{4}$/, { message: 'phoneLast4 must be 4 digits' })
  phoneLast4!: string;
}

/** `yc.rpc.notification.wechat.unbind.v1` */
export class WechatUnbindRequest extends WechatOpenIdBody {
  @ApiProperty({ example: '411523-2026-000001' })
  @IsString()
  @Matches(CASE_NO_PATTERN, { message: 'caseNo must be ASCII letters, digits and -' })
  caseNo!: string;
}

/** `yc.rpc.notification.wechat.bind.v1` */
export class WechatBindRequest extends WechatUnbindRequest {
  @ApiProperty({ example: '5678', description: 'the last four digits of the phone given when applying (as for the inquiry)' })
  @IsString()
  @Matches(/^\d{4}$/, { message: 'phoneLast4 must be 4 digits' })
  phoneLast4!: string;
}

/** A case's messages also go to this openid (no personal data: the openid is not repeated). */
export interface WechatBindingView {
  caseNo: string;
  channel: 'wechat';
  /** bound: when; absent after an unbind */
  boundAt?: string;
  bound: boolean;
}
