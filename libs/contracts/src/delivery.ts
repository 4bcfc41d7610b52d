/**
 * Delivery of result documents (领证 and 免费寄递): who may collect, authorisations recorded at the window, hand-over
 * records and their receipts, the pick-up desk's waiting list, the Art. 44 delivery clock's alarms, EMS shipments and
 * their tracking. Served by the certificate service.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBase64,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ALARM_KINDS,
  TRACKING_STATUSES,
  type AlarmKind,
  type CollectorCapacity,
  type ShipmentStatus,
  type TrackingStatus,
} from '@yichuang/domain';
import { ByCaseNoRequest } from './common.js';
import { IsMobilePhone, IsResidentId } from './validators.js';

/** A SHA-256 digest written as 64 hex characters. */
export const SHA256_HEX = /^[0-9a-fA-F]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A signature image sent inline: at most ≈ 512 KB once decoded. */
export const SIGNATURE_IMAGE_MAX_BASE64 = 700_000;

/* ---------- who may collect: authorisations recorded at the window (授权委托) ---------- */

export class RecordAuthorisationRequest extends ByCaseNoRequest {
  @ApiProperty({ example: '赵六', description: 'the agent (委托代理人) named in the letter' }) @IsString() @Length(1, 50) agentName!: string;

  @ApiProperty({ description: "the agent's resident ID number, check digit verified" }) @IsString() @IsResidentId() agentIdNumber!: string;

  @ApiPropertyOptional({ type: [String], description: 'the result documents the letter covers; absent: every result document of the case' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(UUID, { each: true, message: 'each certificate id must be a UUID' })
  certificateIds?: string[];

  @ApiProperty({ description: 'SHA-256 of the scanned letter of authorisation (授权委托书), 64 hex characters; the scan itself stays in the archive' })
  @IsString()
  @Matches(SHA256_HEX, { message: 'letterSha256 must be 64 hex characters (SHA-256)' })
  letterSha256!: string;

  @ApiPropertyOptional({ example: '代为领取建设用地规划许可证' }) @IsOptional() @IsString() @Length(1, 200) note?: string;
}

export interface AuthorisationView {
  id: string;
  caseNo: string;
  agentName: string;
  /** masked (`4115**********1234`) */
  agentIdNumber: string;
  /** `case`: every result document of the case; `documents`: those listed */
  scope: 'case' | 'documents';
  certificateIds: string[];
  letterSha256: string;
  note?: string;
  recordedBy: string;
  recordedAt: string;
  windowNo?: string;
}

/* ---------- hand-over (领证) ---------- */

export class HandOverRequest extends ByCaseNoRequest {
  @ApiPropertyOptional({ type: [String], description: 'the documents handed over; absent: every document of the case waiting at the desk' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(UUID, { each: true, message: 'each certificate id must be a UUID' })
  certificateIds?: string[];

  @ApiProperty({ example: '王建国' }) @IsString() @Length(1, 50) collectorName!: string;
  @ApiProperty() @IsString() @IsResidentId() collectorIdNumber!: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(SHA256_HEX, { message: 'signatureSha256 must be 64 hex characters (SHA-256)' }) signatureSha256?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(4, SIGNATURE_IMAGE_MAX_BASE64)
  @IsBase64()
  signatureImageBase64?: string;

  @ApiPropertyOptional({ example: 'W01' }) @IsOptional() @IsString() @Length(1, 20) windowNo?: string;
}

/** The hand-over record (领证记录), and the data of its receipt (领证回执). */
export interface HandoverView {
  id: string;
  caseNo: string;
  /** the applicant the documents are issued to */
  holderName: string;
  project?: { code: string; name: string };
  collectorName: string;
  /** masked */
  collectorIdNumber: string;
  capacity: CollectorCapacity;
  /** `申请人本人`, `法定代表人`, `联系人`, `委托代理人` */
  capacityText: string;
  /** the authorisation an agent collected under */
  authorisation?: { id: string; agentName: string; letterSha256: string; recordedAt: string; recordedBy: string };
  documents: { certificateId: string; no: string; typeName: string; itemName: string }[];
  windowNo?: string;
  handedOverBy: string;
  handedOverAt: string;
  /** SHA-256 of the collector's signature image; absent when the window sent none */
  signatureSha256?: string;
}

/* ---------- the pick-up desk (待领取) ---------- */

export class ListWaitingRequest {
  @ApiPropertyOptional({ description: 'only documents waiting at least this many working days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  minWorkingDays?: number;

  @ApiPropertyOptional({ description: 'only documents of this case' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'caseNo must be ASCII letters, digits and -' })
  caseNo?: string;
}

export interface WaitingDocumentView {
  certificateId: string;
  caseNo: string;
  no: string;
  typeName: string;
  itemName: string;
  holderName: string;
  /** the day it came to the desk (issued, or back from the post), in China */
  since: string;
  /** working days in (since, today] by the administrator's calendar */
  waitingWorkingDays: number;
  /** a day counted lies in a year whose holiday arrangement is not announced yet */
  provisional: boolean;
  /** it came back from the post (退件) */
  returnedByPost: boolean;
  /** when the applicant was reminded by SMS (once per case) */
  remindedAt?: string;
  /** Art. 44: the last day to deliver it (ten working days after the decision); absent when its decision is not known */
  deliverBy?: string;
  /** the due date counts a day of a year whose holiday arrangement is not announced yet */
  deliverByProvisional?: boolean;
  /** working days left until `deliverBy` (negative: overdue) */
  remainingWorkingDays?: number;
}

/* ---------- EMS mailing (免费寄递) ---------- */

export class MailCaseRequest extends ByCaseNoRequest {
  @ApiProperty({ example: '李四' }) @IsString() @Length(1, 50) recipient!: string;
  @ApiProperty({ example: '13912345678' }) @IsString() @IsMobilePhone() phone!: string;
  @ApiProperty({ example: '河南省信阳市新县新集镇城北路8号' }) @IsString() @Length(5, 200) address!: string;

  @ApiPropertyOptional({ description: 'SHA-256 of the signed mailing authorisation (寄递授权书) scan, when the window keeps one' })
  @IsOptional()
  @IsString()
  @Matches(SHA256_HEX, { message: 'authorisationSha256 must be 64 hex characters (SHA-256)' })
  authorisationSha256?: string;
}

export interface MailReply {
  shipmentId: string;
  trackingNo: string;
  status: ShipmentStatus;
}

export interface ShipmentView {
  id: string;
  caseNo: string;
  status: ShipmentStatus;
  statusText: string;
  trackingNo?: string;
  recipient: string;
  /** masked */
  phone: string;
  address: string;
  /** `application`: chosen when applying; `window`: asked for at the window later */
  source: 'application' | 'window';
  /** the staff member who recorded the mailing authorisation (`applicant` when chosen when applying) */
  authorisedBy: string;
  authorisationSha256?: string;
  requestedAt: string;
  certificates: { id: string; no: string; typeName: string }[];
  events: { at: string; status: TrackingStatus; statusText: string; location?: string; description?: string }[];
  deliveredAt?: string;
  returnedAt?: string;
  /** why the post refused the order (`failed`) */
  failure?: string;
}

/** A tracking callback of the post, as the gateway received it: the raw body and the signature headers. */
export class EmsWebhookRequest {
  @IsString() @Length(2, 262_144) body!: string;
  @IsString() @Length(1, 64) appKey!: string;
  @IsString() @Matches(/^\d{9,11}$/, { message: 'timestamp must be unix seconds' }) timestamp!: string;
  @IsString() @Matches(/^[A-Za-z0-9_-]{8,64}$/, { message: 'nonce must be 8–64 letters, digits, _ or -' }) nonce!: string;
  @IsString() @Matches(/^[0-9a-fA-F]{64}$/, { message: 'signature must be a hex HMAC-SHA256' }) signature!: string;
}

export interface EmsWebhookReply {
  /** tracking events recorded now */
  accepted: number;
  /** events seen before (the post repeats callbacks) */
  duplicates: number;
  /** events of waybills that are not ours */
  ignored: number;
}

/** One tracking event in the post's callback body (`{"events": [...]}`). */
export class EmsTrackingEventInput {
  @IsString() @Length(1, 64) eventId!: string;
  @IsString() @Length(1, 40) waybillNo!: string;
  /** our shipment id, which we sent as the client reference */
  @IsOptional() @IsString() @Matches(UUID, { message: 'clientReference must be a UUID' }) clientReference?: string;
  @IsIn(TRACKING_STATUSES) status!: TrackingStatus;
  @IsISO8601({ strict: true }) at!: string;
  @IsOptional() @IsString() @Length(0, 100) location?: string;
  @IsOptional() @IsString() @Length(0, 200) description?: string;
}

export class EmsTrackingPush {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => EmsTrackingEventInput) events!: EmsTrackingEventInput[];
}

/* ---------- events ---------- */

export class ShipmentCreatedV1 {
  @IsString() caseNo!: string;
  @IsString() shipmentId!: string;
  @IsString() trackingNo!: string;
  @IsArray() certificates!: { id: string; no: string; typeName: string }[];
  @IsString() createdAt!: string;
}

export class ShipmentTrackedV1 {
  @IsString() caseNo!: string;
  @IsString() shipmentId!: string;
  @IsString() trackingNo!: string;
  @IsIn(TRACKING_STATUSES) status!: TrackingStatus;
  @IsString() at!: string;
  @IsOptional() @IsString() location?: string;
  @IsOptional() @IsString() description?: string;
  /** `delivered` only: every result document of the case is now collected or delivered by post */
  @IsBoolean() allDelivered!: boolean;
}

export class PickupReminderDueV1 {
  @IsString() caseNo!: string;
  /** the documents waiting (their names) */
  @IsArray() documents!: string[];
  @IsInt() waitingWorkingDays!: number;
  /** the day the oldest of them came to the desk */
  @IsString() since!: string;
  @IsString() remindedAt!: string;
}

export class DeliveryAlarmRaisedV1 {
  @IsString() alarmId!: string;
  @IsIn(ALARM_KINDS) kind!: AlarmKind;
  @IsIn(['yellow', 'red']) level!: 'yellow' | 'red';
  @IsString() caseNo!: string;
  @IsString() message!: string;
  @IsString() raisedAt!: string;
  @IsOptional() @IsString() itemCode?: string;
  @IsOptional() @IsString() shipmentId?: string;
  @IsOptional() @IsString() dueDate?: string;
  @IsOptional() @IsInt() remainingWorkingDays?: number;
}
