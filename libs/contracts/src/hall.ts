/**
 * The hall's configuration the administrator keeps (issue 12, item 3): departments (部门) and their sections (科室),
 * and the windows (窗口) with the queue categories and stages they serve and the staff on duty. Admin owns it
 * (apps/admin/src/hall); a change is announced on `yc.evt.admin.hall.changed.v1` so copies (intake's queue) refresh.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { QUEUE_CATEGORIES, STAGES, type QueueCategory, type Stage } from '@yichuang/domain';
import { IsCalendarDate } from './validators.js';

/** 综合窗口, 业务窗口 (of one department), 咨询窗口, 出件窗口 */
export const WINDOW_KINDS = ['comprehensive', 'business', 'consultation', 'pickup'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export const WINDOW_KIND_TEXT: Readonly<Record<WindowKind, string>> = Object.freeze({
  comprehensive: '综合窗口',
  business: '业务窗口',
  consultation: '咨询窗口',
  pickup: '出件窗口',
});

const DEPARTMENT_CODE = /^[A-Z][A-Z0-9]{1,19}$/;
const SECTION_CODE = /^[A-Z0-9][A-Z0-9-]{0,19}$/;
const WINDOW_NO = /^[A-Z][A-Z0-9]{1,9}$/;
const PHONE = /^[0-9-]{5,20}$/;
const USERNAME = /^[A-Za-z][A-Za-z0-9_.-]{2,63}$/;

/* ---------- departments and sections ---------- */

/** 科室 a section of a department (joint review meetings convene sections). */
export class SectionView {
  @ApiProperty({ example: 'GH' }) code!: string;
  @ApiProperty({ example: '规划科' }) name!: string;
  @ApiPropertyOptional({ example: 'zrzy1', description: 'the account heading the section' }) head?: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: "raised by each of the administrator's edits; send it back as expectedVersion" }) version!: number;
}

/** 部门 a department as the administrator keeps it. */
export class DepartmentView {
  @ApiProperty({ example: 'ZRZY' }) code!: string;
  @ApiProperty({ example: '自然资源局' }) name!: string;
  @ApiProperty({ example: '新县自然资源局' }) fullName!: string;
  @ApiProperty({ example: '新自然资', description: 'used in document numbers' }) shortName!: string;
  @ApiProperty({ example: '0376-2960001' }) phone!: string;
  @ApiProperty({ example: '政务服务中心二楼 12 号业务窗口', description: 'where its business window is (办事指南: where to apply)' }) address!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [SectionView] }) sections!: SectionView[];
  @ApiProperty({ description: 'active catalogue items of the department' }) activeItems!: number;
  @ApiProperty({ description: 'active staff accounts of the department' }) staff!: number;
}

export class DepartmentFields {
  @ApiProperty({ example: '自然资源局' }) @IsString() @Length(1, 40, { message: '部门名称须为1至40个字符' }) name!: string;
  @ApiProperty({ example: '新县自然资源局' }) @IsString() @Length(1, 100, { message: '部门全称须为1至100个字符' }) fullName!: string;
  @ApiProperty({ example: '新自然资' }) @IsString() @Length(1, 10, { message: '文号简称须为1至10个字符' }) shortName!: string;
  @ApiProperty({ example: '0376-2960001' }) @IsString() @Matches(PHONE, { message: '联系电话须为5至20位数字或连字符' }) phone!: string;
  @ApiPropertyOptional({ example: '政务服务中心二楼 12 号业务窗口' }) @IsOptional() @IsString() @Length(0, 200, { message: '业务窗口地址不超过200个字符' }) address?: string;
}

export class CreateDepartmentBody extends DepartmentFields {
  @ApiProperty({ example: 'SLJ' }) @IsString() @Matches(DEPARTMENT_CODE, { message: '部门代码须以大写字母开头，2至20位大写字母或数字' }) code!: string;
}

export class UpdateDepartmentBody extends DepartmentFields {
  @ApiProperty({ description: "the department's version as last read: 409 CONFLICT when it changed since" }) @IsInt({ message: 'expectedVersion 须为整数' }) @Min(0) expectedVersion!: number;
}

export class CreateDepartmentRequest extends CreateDepartmentBody {}

export class UpdateDepartmentRequest extends UpdateDepartmentBody {
  @IsString() @Length(1, 40) code!: string;
}

export class DepartmentCodeRequest {
  @IsString() @Length(1, 40) code!: string;
}

/** Retire (停用) a department or window; `expectedVersion` optional (409 when given and stale). */
export class RetireBody {
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'expectedVersion 须为整数' }) @Min(0) expectedVersion?: number;
}

export class RetireDepartmentRequest extends RetireBody {
  @IsString() @Length(1, 40) code!: string;
}

export class ListDepartmentsRequest {
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}

export class SectionFields {
  @ApiProperty({ example: '规划科' }) @IsString() @Length(1, 40, { message: '科室名称须为1至40个字符' }) name!: string;
  @ApiPropertyOptional({ example: 'zrzy1', description: 'an active account of the department' }) @IsOptional() @IsString() @Length(1, 64) head?: string;
}

export class CreateSectionBody extends SectionFields {
  @ApiProperty({ example: 'GH' }) @IsString() @Matches(SECTION_CODE, { message: '科室代码须为1至20位大写字母、数字或连字符' }) code!: string;
}

export class UpdateSectionBody extends SectionFields {
  @ApiPropertyOptional({ description: 'false retires the section (no longer convened), true brings it back' }) @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty() @IsInt({ message: 'expectedVersion 须为整数' }) @Min(0) expectedVersion!: number;
}

export class CreateSectionRequest extends CreateSectionBody {
  @IsString() @Length(1, 40) department!: string;
}

export class UpdateSectionRequest extends UpdateSectionBody {
  @IsString() @Length(1, 40) department!: string;
  @IsString() @Length(1, 20) section!: string;
}

/** Internal (service to service): a department's active sections, e.g. for review's joint meetings. */
export class SectionsOfDepartmentRequest {
  @IsString() @Length(1, 40) department!: string;
}

/* ---------- windows ---------- */

export class WindowStaffView {
  @ApiProperty() username!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty() active!: boolean;
}

export class WindowDutyView {
  @ApiProperty({ example: '2026-11-26' }) day!: string;
  @ApiProperty({ type: [Object], description: '[{username, displayName, boundHere}]: boundHere = the account is bound to this window (may call its queue)' })
  staff!: { username: string; displayName: string; boundHere: boolean }[];
}

/** 窗口 a window as the administrator keeps it. */
export class HallWindowView {
  @ApiProperty({ example: 'W05' }) no!: string;
  @ApiProperty({ example: '自然资源业务窗口' }) name!: string;
  @ApiProperty({ enum: WINDOW_KINDS }) kind!: WindowKind;
  @ApiPropertyOptional({ example: 'ZRZY', description: 'the department of a business window' }) department?: string;
  @ApiProperty({ enum: QUEUE_CATEGORIES, isArray: true, description: 'queue categories it calls' }) categories!: QueueCategory[];
  @ApiProperty({ enum: STAGES, isArray: true, description: 'stages it serves' }) stages!: Stage[];
  @ApiPropertyOptional({ example: '政务服务中心一楼 5 号' }) location?: string;
  @ApiProperty() active!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [WindowStaffView], description: "accounts bound to the window (account's window): they call its queue" }) staff!: WindowStaffView[];
  @ApiProperty({ type: WindowDutyView, description: "today's duty roster" }) duty!: WindowDutyView;
}

export class WindowFields {
  @ApiProperty({ example: '自然资源业务窗口' }) @IsString() @Length(1, 40, { message: '窗口名称须为1至40个字符' }) name!: string;
  @ApiProperty({ enum: WINDOW_KINDS }) @IsIn(WINDOW_KINDS, { message: `窗口类型须为 ${WINDOW_KINDS.join('、')} 之一` }) kind!: WindowKind;
  @ApiPropertyOptional({ example: 'ZRZY', description: 'required for a business window, not allowed for the others' }) @IsOptional() @IsString() @Length(1, 40) department?: string;
  @ApiProperty({ enum: QUEUE_CATEGORIES, isArray: true })
  @IsArray({ message: '排队类别须为列表' })
  @ArrayMinSize(1, { message: '至少选择一个排队类别' })
  @ArrayMaxSize(QUEUE_CATEGORIES.length)
  @IsIn(QUEUE_CATEGORIES, { each: true, message: `排队类别须为 ${QUEUE_CATEGORIES.join('、')} 之一` })
  categories!: QueueCategory[];
  @ApiPropertyOptional({ enum: STAGES, isArray: true, description: 'stages it serves; default: those of its stage categories' })
  @IsOptional()
  @IsArray({ message: '服务阶段须为列表' })
  @ArrayMaxSize(4)
  @IsInt({ each: true, message: '服务阶段须为1至4' })
  @Min(1, { each: true, message: '服务阶段须为1至4' })
  @Max(4, { each: true, message: '服务阶段须为1至4' })
  stages?: Stage[];
  @ApiPropertyOptional({ example: '政务服务中心一楼 5 号' }) @IsOptional() @IsString() @Length(0, 100, { message: '窗口位置不超过100个字符' }) location?: string;
}

export class CreateWindowBody extends WindowFields {
  @ApiProperty({ example: 'W05' }) @IsString() @Matches(WINDOW_NO, { message: '窗口编号须以大写字母开头，2至10位大写字母或数字' }) no!: string;
}

export class UpdateWindowBody extends WindowFields {
  @ApiProperty() @IsInt({ message: 'expectedVersion 须为整数' }) @Min(0) expectedVersion!: number;
}

export class CreateWindowRequest extends CreateWindowBody {}

export class UpdateWindowRequest extends UpdateWindowBody {
  @IsString() @Length(1, 20) no!: string;
}

export class WindowNoRequest {
  @IsString() @Length(1, 20) no!: string;
}

export class RetireWindowRequest extends RetireBody {
  @IsString() @Length(1, 20) no!: string;
}

export class ListHallWindowsRequest {
  @ApiPropertyOptional({ enum: WINDOW_KINDS }) @IsOptional() @IsIn(WINDOW_KINDS) kind?: WindowKind;
  @ApiPropertyOptional({ enum: ['true', 'false'] }) @IsOptional() @IsIn(['true', 'false']) active?: 'true' | 'false';
}

/** 值班: who works at the window on a day (replaces that day's roster). */
export class SetWindowDutyBody {
  @ApiPropertyOptional({ example: '2026-11-26', description: 'default: today' }) @IsOptional() @IsCalendarDate() day?: string;
  @ApiProperty({ type: [String], example: ['clerk1'] })
  @IsArray({ message: '值班人员须为列表' })
  @ArrayMaxSize(20, { message: '每个窗口每天至多20名值班人员' })
  @Matches(USERNAME, { each: true, message: '值班人员须为账号用户名' })
  usernames!: string[];
}

export class SetWindowDutyRequest extends SetWindowDutyBody {
  @IsString() @Length(1, 20) no!: string;
}

/* ---------- intake's answer: tickets waiting ---------- */

/** Today's tickets waiting that were sent to this window, or (unsent) wait in one of these categories. */
export class WaitingTicketsRequest {
  @IsString() @Length(1, 20) windowNo!: string;
  @IsArray() @ArrayMaxSize(QUEUE_CATEGORIES.length) @IsIn(QUEUE_CATEGORIES, { each: true }) categories!: QueueCategory[];
}

export interface WaitingTicketsReply {
  day: string;
  /** sent to the window (transferred to it) */
  sentToWindow: { ticketNo: string; category: QueueCategory }[];
  /** waiting in the categories asked, sent to no particular window */
  inCategories: { ticketNo: string; category: QueueCategory }[];
}

/* ---------- event ---------- */

export const HALL_CHANGE_KINDS = ['department', 'section', 'window'] as const;
export type HallChangeKind = (typeof HALL_CHANGE_KINDS)[number];

/** An administrator changed a department, a section or a window: copies of the hall's windows refresh at once. */
export class HallChangedV1 {
  @IsIn(HALL_CHANGE_KINDS) kind!: HallChangeKind;
  /** the department code, `<department>/<section>`, or the window number */
  @IsString() ref!: string;
  @IsString() changedAt!: string;
}
