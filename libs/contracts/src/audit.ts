import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate } from './validators.js';

/** The most facts one `audit.recorded` event carries. */
export const AUDIT_FACTS_PER_EVENT = 100;

/**
 * The audit trail (GB/T 22239 §8.1.4.3, Cybersecurity Law art. 21): one fact per state-changing request or message.
 * Who, in which roles, from where, what (the subject), on which object, with which outcome, under which correlation
 * id, when. Never a payload: object ids are application ids, case numbers, task ids, usernames — never ID numbers or
 * phones.
 */
export class AuditFactV1 {
  /** the service's Clock when the request finished (ISO instant) */
  @IsString() at!: string;
  /** the acting user; for a login the username tried; `anonymous` for public requests, `<CODE>-system` for a department's system */
  @IsString() @Length(1, 200) actor!: string;
  @IsArray() @IsString({ each: true }) roles!: string[];
  /** the client's address as the gateway saw it; `nats` for a message that did not come through the gateway */
  @IsString() @Length(1, 100) clientAddress!: string;
  /** the subject of the request, e.g. `yc.rpc.intake.application.accept.v1` */
  @IsString() @Length(1, 200) action!: string;
  @IsOptional() @IsString() @Length(1, 60) objectType?: string;
  @IsOptional() @IsString() @Length(1, 200) objectId?: string;
  /** `ok`, or the error code of the answer (`FORBIDDEN`, `INVALID_CREDENTIALS`, …) */
  @IsString() @Length(1, 60) outcome!: string;
  @IsString() @Length(1, 100) correlationId!: string;
}

/** A fact with its own id: the `event_id` of its record in the chain (unique there). */
export class IdentifiedAuditFactV1 extends AuditFactV1 {
  @IsUUID() id!: string;
}

/**
 * `yc.evt.<service>.audit.recorded.v1`: the facts the service recorded, one or more (requests that finished together
 * share one event: fewer events under load); admin appends them, in order, to the hash-chained trail.
 */
export class AuditRecordedV1 {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(AUDIT_FACTS_PER_EVENT) @ValidateNested({ each: true }) @Type(() => IdentifiedAuditFactV1) facts!: IdentifiedAuditFactV1[];
}

/** `GET /api/v1/audit`: filters, newest first. */
export class ListAuditRequest {
  @ApiPropertyOptional({ example: '2026-11-26', description: 'from this day on (China time), inclusive' })
  @IsOptional() @IsCalendarDate() from?: string;
  @ApiPropertyOptional({ example: '2026-11-30', description: 'up to this day (China time), inclusive' })
  @IsOptional() @IsCalendarDate() to?: string;
  @ApiPropertyOptional({ example: 'clerk1' }) @IsOptional() @IsString() @Length(1, 200) actor?: string;
  @ApiPropertyOptional({ example: 'yc.rpc.intake.application.accept.v1', description: 'the subject, exactly' })
  @IsOptional() @IsString() @Length(1, 200) action?: string;
  @ApiPropertyOptional({ description: 'application id, case number, task id, username …' }) @IsOptional() @IsString() @Length(1, 200) objectId?: string;
  @ApiPropertyOptional({ example: 'ok', description: '`ok` or an error code' }) @IsOptional() @IsString() @Length(1, 60) outcome?: string;
  @ApiPropertyOptional({ example: 50, description: '1–500, default 50' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional({ description: 'the `nextCursor` of the previous page' }) @IsOptional() @IsString() @Matches(/^[1-9][0-9]{0,17}$/, { message: 'cursor must be a nextCursor' }) cursor?: string;
}

export class AuditRecordView {
  /** position in the chain: gapless, increasing */
  @ApiProperty({ example: '42' }) seq!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ example: 'clerk1' }) actor!: string;
  @ApiProperty({ example: ['clerk'] }) roles!: string[];
  @ApiProperty({ example: '10.0.0.21' }) clientAddress!: string;
  @ApiProperty({ example: 'yc.rpc.intake.application.accept.v1' }) action!: string;
  @ApiPropertyOptional({ example: 'application' }) objectType?: string;
  @ApiPropertyOptional() objectId?: string;
  @ApiProperty({ example: 'ok' }) outcome!: string;
  @ApiProperty() correlationId!: string;
  /** the service that recorded it */
  @ApiProperty({ example: 'intake' }) source!: string;
  /** the record's own id (unique) */
  @ApiProperty({ description: "the record's own id (unique)" }) eventId!: string;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
}

export class AuditPage {
  @ApiProperty({ type: [AuditRecordView] }) items!: AuditRecordView[];
  /** pass as `cursor` for the next (older) page; absent on the last page */
  @ApiPropertyOptional() nextCursor?: string;
}

/** The effect of a request: `change` is audited, `read` is not (see ./effects.ts). */
export type RpcEffect = 'change' | 'read';
export const AUDIT_OUTCOME_OK = 'ok';
