import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { ITEM_KINDS, MATERIAL_FORMS, MATERIAL_ORIGINALS, RESULT_DOCUMENT_TYPES, type ItemKind, type MaterialForm, type MaterialOriginal, type ResultDocumentType, type Stage } from '@yichuang/domain';
import { DepartmentRef } from './common.js';
import { IsCalendarDate } from './validators.js';
import { ROLES, type Role } from './catalogue.js';

export class LoginRequest {
  @ApiProperty({ example: 'clerk1' }) @IsString() @Length(1, 64) username!: string;
  @ApiProperty({ example: 'yichuang-demo' }) @IsString() @Length(1, 200) password!: string;
  /** the client's address as the gateway saw it (login throttling per address); set by the gateway, not by clients */
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) clientAddress?: string;
}

/** What admin answers a good login besides the user: the refresh token it issued and the account's token version. */
export interface LoginSession {
  /** opaque, random; admin keeps only its hash */
  refreshToken: string;
  refreshExpiresIn: number;
  /** the account's token version, signed into the access token (`tv`) and checked by the gateway */
  tokenVersion: number;
  /** this login (the refresh-token family), signed into the access token (`sid`): logging out revokes its access tokens too */
  sessionId?: string;
}

/** verifyLogin's answer: the user, and (always from this version on) the session. */
export type VerifiedLogin = AuthenticatedUser & { session?: LoginSession };

export class RefreshRequest {
  @ApiProperty() @IsString() @Length(20, 200) refreshToken!: string;
}

export class LogoutRequest {
  @ApiProperty() @IsString() @Length(20, 200) refreshToken!: string;
}

export interface RefreshReply {
  user: AuthenticatedUser;
  session: LoginSession;
}

export class TokenStateRequest {
  @IsString() @Length(1, 64) username!: string;
}

/** The gateway's check of an access token beyond its signature: the account still active and the token's version current. */
export interface TokenState {
  username: string;
  active: boolean;
  tokenVersion: number;
  /** logins (`sid`) of the account revoked within REVOKED_SESSIONS_DAYS (logout, a reused refresh token): their access tokens are refused */
  revokedSessions?: string[];
}

export class AccountRequest {
  @IsString() @Length(1, 64) username!: string;
}

export interface AccountStateView {
  username: string;
  active: boolean;
  locked: boolean;
  failedLogins: number;
  tokenVersion: number;
}

export class ChangePasswordBody {
  @ApiProperty() @IsString() @Length(1, 200) oldPassword!: string;
  @ApiProperty({ description: '≥ 10 characters, at least 3 of: lower-case letters, upper-case letters, digits, other characters; not containing the username' })
  @IsString()
  @Length(1, 200)
  newPassword!: string;
}

export class ChangePasswordRequest extends ChangePasswordBody {
  @IsString() @Length(1, 64) username!: string;
}

export interface AuthenticatedUser {
  username: string;
  displayName: string;
  roles: Role[];
  department?: string;
  window?: string;
  /** set by an administrator (new account, reset password): until the person changes it, only the password change is allowed */
  mustChangePassword?: true;
}

const USERNAME = /^[A-Za-z][A-Za-z0-9_.-]{2,63}$/;
const USERNAME_PROBLEM = '用户名须以字母开头，3至64位字母、数字、下划线、点或连字符';
const MOBILE_PROBLEM = '手机号码须为11位中国大陆手机号';

/** 工作人员账号 a staff account as the administrator manages it (the phone in full: the administrator keeps it). */
export class StaffAccountView {
  @ApiProperty({ example: 'clerk2' }) username!: string;
  @ApiProperty({ example: '陈晓燕' }) displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiPropertyOptional({ example: 'ZRZY' }) department?: string;
  @ApiPropertyOptional({ example: 'W02' }) window?: string;
  @ApiProperty({ example: '13937600101' }) phone!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() locked!: boolean;
  @ApiProperty() mustChangePassword!: boolean;
  @ApiProperty({ description: "raised by each of the administrator's edits; send it back as expectedVersion" }) version!: number;
}

/** An account and, when the administrator did not give one, the initial/temporary password (shown once). */
export interface StaffAccountCreated {
  account: StaffAccountView;
  temporaryPassword?: string;
}

export class StaffAccountFields {
  @ApiProperty({ example: '陈晓燕' }) @IsString() @Length(1, 50, { message: '姓名须为1至50个字符' }) displayName!: string;
  @ApiProperty({ enum: ROLES, isArray: true, example: ['clerk'] })
  @IsArray()
  @ArrayMinSize(1, { message: '至少选择一个角色' })
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `角色须为 ${ROLES.join('、')} 之一` })
  roles!: Role[];
  @ApiPropertyOptional({ example: 'ZRZY', description: 'required for reviewer and department_head' }) @IsOptional() @IsString() @Length(1, 40) department?: string;
  @ApiPropertyOptional({ example: 'W02', description: 'required for clerk and consultant: the window the person works at' }) @IsOptional() @IsString() @Length(1, 20) window?: string;
  @ApiProperty({ example: '13937600101' }) @IsString() @Matches(/^1[3-9]\d{9}$/, { message: MOBILE_PROBLEM }) phone!: string;
}

export class CreateStaffAccountBody extends StaffAccountFields {
  @ApiProperty({ example: 'clerk2' }) @IsString() @Matches(USERNAME, { message: USERNAME_PROBLEM }) username!: string;
  @ApiPropertyOptional({ description: 'the initial password (the person must change it at the first login); generated and answered once when left out' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  password?: string;
}

export class UpdateStaffAccountBody extends StaffAccountFields {
  @ApiProperty({ description: "the account's version as last read: 409 CONFLICT when it changed since" }) @IsInt() @Min(0) expectedVersion!: number;
}

export class CreateStaffAccountRequest extends CreateStaffAccountBody {}

export class UpdateStaffAccountRequest extends UpdateStaffAccountBody {
  @IsString() @Length(1, 64) username!: string;
}

export class ListStaffAccountsRequest {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) department?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}

export class MaterialView {
  @ApiProperty({ example: 'M01' }) code!: string;
  @ApiProperty({ example: '建设项目用地预审与选址申请表' }) name!: string;
  @ApiProperty() required!: boolean;
  @ApiProperty({ enum: MATERIAL_ORIGINALS }) original!: MaterialOriginal;
  @ApiProperty({ enum: MATERIAL_FORMS, isArray: true }) forms!: MaterialForm[];
  @ApiPropertyOptional({ example: 'ZRZY-001', description: "前置事项: this material is the result of another item; pre-check wants the project's result of it (or an external document number)" })
  resultOfItem?: string;
}

/** 收费: free, or an amount with its basis (收费依据). */
export class ItemFees {
  @ApiProperty() @IsBoolean() free!: boolean;
  @ApiPropertyOptional({ example: 1200, description: 'yuan; required when not free' }) @IsOptional() @IsInt() @Min(1) @Max(100_000_000) amount?: number;
  @ApiPropertyOptional({ example: '豫发改收费〔2017〕1234号' }) @IsOptional() @IsString() @Length(1, 300) basis?: string;
}

/**
 * 加大窗口工作授权: `delegated` — the comprehensive window checks the materials and accepts alone; `required` — the
 * department's colleague at the business window confirms them first (审查, `POST /applications/{id}/window-review`).
 */
export const WINDOW_REVIEW_SETTINGS = ['delegated', 'required'] as const;
export type WindowReviewSetting = (typeof WINDOW_REVIEW_SETTINGS)[number];

export class CatalogItemView {
  @ApiProperty({ example: 'ZRZY-001' }) code!: string;
  @ApiProperty({ example: '建设项目用地预审与选址意见书' }) name!: string;
  @ApiProperty({ enum: [1, 2, 3, 4] }) stage!: Stage;
  @ApiProperty({ type: DepartmentRef }) department!: DepartmentRef;
  @ApiProperty({ enum: ITEM_KINDS }) kind!: ItemKind;
  @ApiProperty() legalDays!: number;
  @ApiProperty() promisedDays!: number;
  @ApiProperty({ type: [MaterialView] }) materials!: MaterialView[];
  @ApiProperty() resultDocument!: { type: string; name: string };
  @ApiPropertyOptional({ description: 'the legal basis of the item (设定依据), printed on its result documents' }) legalBasis?: string;
  @ApiPropertyOptional({ type: ItemFees, description: 'absent in catalogues before fees were kept: free' }) fees?: ItemFees;
  @ApiPropertyOptional({ enum: WINDOW_REVIEW_SETTINGS, description: "加大窗口工作授权: absent in catalogues before it was kept (intake then falls back to REQUIRE_WINDOW_REVIEW)" })
  windowReview?: WindowReviewSetting;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'the day the state shown became (or becomes) current' }) effectiveFrom?: string;
  @ApiPropertyOptional({ description: 'in answers to a change dated in the future: the change waits for its day (the current item is unchanged until then)' })
  scheduled?: boolean;
}

export class ListItemsRequest {
  @ApiPropertyOptional({ enum: [1, 2, 3, 4] })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  stage?: Stage;
}

export class ResolveItemsRequest {
  @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) codes!: string[];
}

export interface ResolveItemsReply {
  catalogVersion: number;
  items: CatalogItemView[];
  unknown: string[];
}

/** The whole active catalogue under its current version: what intake caches to check applications locally. */
export interface CatalogSnapshot {
  catalogVersion: number;
  items: CatalogItemView[];
}

export interface CalendarSnapshot {
  version: number;
  /** the years whose official holiday arrangement is loaded; later years are provisional (see WorkingCalendar) */
  years: number[];
  holidays: { date: string; name: string }[];
  makeUpWorkdays: { date: string; name: string }[];
}

export class AddWorkingDaysRequest {
  @ApiProperty({ example: '2026-09-28' }) @IsCalendarDate() from!: string;
  @ApiProperty({ example: 5 }) @Type(() => Number) @IsInt() @Min(0) @Max(2000) days!: number;
}

/** `GET /calendar/add-working-days`: the date, and whether a day counted lies in a provisional year. */
export interface AddWorkingDaysReply {
  from: string;
  days: number;
  date: string;
  provisional: boolean;
}

/** `POST /calendar/deadline`: the due date and the day-by-day ledger, each day saying whether it is provisional. */
export interface DeadlineReply {
  dueDate: string;
  provisional: boolean;
  days: { date: string; counted: boolean; reason: 'counted' | 'rest_day' | 'holiday' | 'paused'; provisional: boolean }[];
}

export class DeadlinePause {
  @ApiProperty() @IsCalendarDate() from!: string;
  @ApiProperty() @IsCalendarDate() to!: string;
  @ApiProperty({ enum: ['special_procedure', 'correction', 'other'] })
  @IsIn(['special_procedure', 'correction', 'other'])
  kind!: 'special_procedure' | 'correction' | 'other';
}

export class DeadlineRequest {
  @ApiProperty({ example: '2026-09-25' }) @IsCalendarDate() startDate!: string;
  @ApiProperty({ example: 10 }) @IsInt() @Min(0) @Max(2000) workingDays!: number;
  @ApiPropertyOptional({ type: [DeadlinePause] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => DeadlinePause)
  pauses?: DeadlinePause[];
}

export interface WindowView {
  no: string;
  name: string;
  kind: string;
  /** queue categories this window calls */
  categories: string[];
  /** a business window's department */
  department?: string;
  /** the stages it serves */
  stages?: number[];
}

export class MaterialInputDef {
  @ApiProperty({ example: 'M01', description: 'unique within the item' }) @IsString() @Matches(/^[A-Z0-9]{1,10}$/, { message: 'code must be 1-10 capital letters or digits' }) code!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty() @IsBoolean() required!: boolean;
  @ApiProperty({ enum: MATERIAL_ORIGINALS }) @IsIn(MATERIAL_ORIGINALS) original!: MaterialOriginal;
  @ApiProperty({ enum: MATERIAL_FORMS, isArray: true }) @IsArray() @ArrayMinSize(1) @IsIn(MATERIAL_FORMS, { each: true }) forms!: MaterialForm[];
  @ApiPropertyOptional({ example: 'ZRZY-001', description: '前置事项: the item whose result this material is' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2,10}-[0-9]{3}$/, { message: 'resultOfItem must be an item code such as ZRZY-001' })
  resultOfItem?: string;
}

export class ResultDocumentInput {
  @ApiProperty({ enum: RESULT_DOCUMENT_TYPES, description: 'the numbering sequence and 字号 of the result' }) @IsIn(RESULT_DOCUMENT_TYPES) type!: ResultDocumentType;
  @ApiProperty({ example: '建设项目用地预审与选址意见书' }) @IsString() @Length(1, 100) name!: string;
}

/** An administrator's change of one catalogue item: a new catalogue version; running cases keep theirs. */
export class UpdateItemRequest {
  @IsString() @Length(1, 40) code!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) name?: string;
  @ApiPropertyOptional({ enum: ITEM_KINDS }) @IsOptional() @IsIn(ITEM_KINDS) kind?: ItemKind;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(365) legalDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(365) promisedDays?: number;
  @ApiPropertyOptional({ type: [MaterialInputDef] }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MaterialInputDef) materials?: MaterialInputDef[];
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty({ example: '依据县审改办通知调整承诺时限' }) @IsString() @Length(1, 500) note!: string;
  @ApiPropertyOptional({ type: ResultDocumentInput }) @IsOptional() @ValidateNested() @Type(() => ResultDocumentInput) resultDocument?: ResultDocumentInput;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) legalBasis?: string;
  @ApiPropertyOptional({ type: ItemFees }) @IsOptional() @ValidateNested() @Type(() => ItemFees) fees?: ItemFees;
  @ApiPropertyOptional({ enum: WINDOW_REVIEW_SETTINGS }) @IsOptional() @IsIn(WINDOW_REVIEW_SETTINGS) windowReview?: WindowReviewSetting;
  @ApiPropertyOptional({ example: '2026-12-01', description: 'the day the change becomes current (default today); a later day waits for it' })
  @IsOptional()
  @IsCalendarDate()
  effectiveFrom?: string;
}

/** A new approval item (`POST /admin/catalog/items`): a new catalogue version from `effectiveFrom` (default today). */
export class CreateItemRequest {
  @ApiProperty({ example: 'FGW-003', description: '<department>-<nnn>' })
  @IsString()
  @Matches(/^[A-Z]{2,10}-[0-9]{3}$/, { message: 'code must be an item code such as FGW-003' })
  code!: string;
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ enum: [1, 2, 3, 4] }) @IsInt() @Min(1) @Max(4) stage!: Stage;
  @ApiProperty({ example: 'FGW' }) @IsString() @Length(1, 40) departmentCode!: string;
  @ApiProperty({ enum: ITEM_KINDS }) @IsIn(ITEM_KINDS) kind!: ItemKind;
  @ApiProperty({ description: 'working days' }) @IsInt() @Min(0) @Max(365) legalDays!: number;
  @ApiProperty({ description: 'working days (0 for items decided on the spot)' }) @IsInt() @Min(0) @Max(365) promisedDays!: number;
  @ApiProperty({ type: [MaterialInputDef] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => MaterialInputDef) materials!: MaterialInputDef[];
  @ApiProperty({ type: ResultDocumentInput }) @ValidateNested() @Type(() => ResultDocumentInput) resultDocument!: ResultDocumentInput;
  @ApiProperty({ example: '《企业投资项目核准和备案管理条例》第三条' }) @IsString() @Length(1, 1000) legalBasis!: string;
  @ApiPropertyOptional({ type: ItemFees, description: 'default free' }) @IsOptional() @ValidateNested() @Type(() => ItemFees) fees?: ItemFees;
  @ApiPropertyOptional({ enum: WINDOW_REVIEW_SETTINGS, description: 'default required (审查 by the department before acceptance)' })
  @IsOptional()
  @IsIn(WINDOW_REVIEW_SETTINGS)
  windowReview?: WindowReviewSetting;
  @ApiPropertyOptional({ example: '2026-12-01' }) @IsOptional() @IsCalendarDate() effectiveFrom?: string;
  @ApiProperty({ example: '新增事项' }) @IsString() @Length(1, 500) note!: string;
}

/** 事项停用: retired from `effectiveFrom` (default today); refused while applications of it are open. */
export class RetireItemRequest {
  @IsString() @Length(1, 40) code!: string;
  @ApiPropertyOptional({ example: '2026-12-01' }) @IsOptional() @IsCalendarDate() effectiveFrom?: string;
  @ApiProperty({ example: '事项取消' }) @IsString() @Length(1, 500) note!: string;
}

/** A catalogue change waiting for its day (`GET /admin/catalog/changes`). */
export interface ScheduledCatalogChangeView {
  id: string;
  itemCode: string;
  kind: 'create' | 'update' | 'retire';
  effectiveFrom: string;
  note: string;
  createdBy: string;
  createdAt: string;
}

export class ItemGuideRequest {
  @IsString() @Length(1, 40) code!: string;
}

export class StageGuideRequest {
  @Type(() => Number) @IsInt() @Min(1) @Max(4) stage!: Stage;
}

export interface CatalogVersionView {
  version: number;
  note: string;
  createdBy: string;
  createdAt: string;
  itemCode?: string;
  /** the day the version became current */
  effectiveFrom?: string;
}

export class SetCalendarDayRequest {
  @ApiProperty({ example: '2026-10-10' }) @IsCalendarDate() date!: string;
  @ApiProperty({ enum: ['holiday', 'makeup_workday', 'normal'], description: 'normal: back to what the weekday says' })
  @IsIn(['holiday', 'makeup_workday', 'normal'])
  kind!: 'holiday' | 'makeup_workday' | 'normal';
  @ApiPropertyOptional({ example: '国庆节' }) @IsOptional() @IsString() @Length(1, 40) name?: string;
  @ApiProperty({ example: '根据国务院办公厅通知调整' }) @IsString() @Length(1, 500) note!: string;
}

export class CalendarEntryInput {
  @ApiProperty() @IsCalendarDate() date!: string;
  @ApiProperty() @IsString() @Length(1, 40) name!: string;
}

export class LoadCalendarYearRequest {
  @ApiProperty({ example: 2027 }) @IsInt() @Min(2000) @Max(2100) year!: number;
  @ApiProperty({ type: [CalendarEntryInput], description: '[{date, name}] statutory holidays (weekend days inside a holiday period included)' })
  @IsArray()
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  @Type(() => CalendarEntryInput)
  holidays!: CalendarEntryInput[];
  @ApiProperty({ type: [CalendarEntryInput], description: '[{date, name}] weekend days worked (调休上班)' })
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => CalendarEntryInput)
  makeUpWorkdays!: CalendarEntryInput[];
  @ApiProperty() @IsString() @Length(1, 500) note!: string;
}


export interface CalendarChangeView {
  version: number;
  note: string;
  createdBy: string;
  createdAt: string;
  changes: { date: string; before: string; after: string }[];
}

export interface CalendarOverview extends CalendarSnapshot {
  lastLoadedDate: string | null;
  /** the years answered provisionally from the holiday law until their arrangement is loaded */
  provisionalYears: number[];
  /** the statutory holidays the provisional years assume (no make-up working days, no bridge days) */
  provisionalHolidays: { date: string; name: string }[];
  /**
   * In Chinese, for the administrator: from 1 October of the last loaded year (the next year's arrangement is
   * due), while today is in a provisional year, or when today cannot be counted at all; null otherwise.
   */
  warning: string | null;
}

/** An administrator changed an approval item: the catalogue has a new version (caches refresh). */
export class CatalogChangedV1 {
  @IsInt() version!: number;
  @IsString() itemCode!: string;
  @IsString() changedAt!: string;
}

export class CalendarChangedV1 {
  @IsInt() version!: number;
  /** the days whose kind changed (against the provisional calendar for a year that was provisional) */
  @IsArray() @IsString({ each: true }) dates!: string[];
  @IsString() changedAt!: string;
  /** the years whose official arrangement this version loaded: their days are no longer provisional */
  @IsOptional() @IsArray() @IsInt({ each: true }) years?: number[];
}

/**
 * Contacts of active staff, for SMS to staff (e.g. task alarms). Internal: never exposed by the gateway. Every filter
 * given must match: a department's staff, everyone with a role (e.g. the supervisors, any department), or named
 * accounts; at least one filter.
 */
export class StaffContactsRequest {
  @IsOptional() @IsString() @Length(1, 40) departmentCode?: string;
  /** only accounts with this role */
  @IsOptional() @IsIn(ROLES) role?: Role;
  /** only these accounts */
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @IsString({ each: true }) @Length(1, 64, { each: true }) usernames?: string[];
}

export interface StaffContact {
  username: string;
  displayName: string;
  /** personal data: never logged */
  phone: string;
  roles: Role[];
}
