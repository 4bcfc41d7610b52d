import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ErrorDetail } from './errors.js';
import { CASE_NO_PATTERN } from './common.js';
import { MESSAGE_CHANNELS, MESSAGE_TEMPLATES, type MessageChannel, type MessageStatus, type MessageTemplate } from '@yichuang/domain';

// the code lists live in libs/domain with their Chinese labels (MessageStatus: what each status means); re-exported here
export { MESSAGE_TEMPLATES };
export type { MessageChannel, MessageStatus, MessageTemplate };

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
}

export class MessageSentV1 {
  @IsString() messageId!: string;
  @IsString() caseNo!: string;
  @IsIn(MESSAGE_CHANNELS) channel!: MessageChannel;
  @IsString() template!: string;
  @IsString() sentAt!: string;
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
