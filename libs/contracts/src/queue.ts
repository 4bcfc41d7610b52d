import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PRIORITIES, QUEUE_CATEGORIES, type Priority, type QueueCategory, type TicketStatus } from '@yichuang/domain';
import { IsMobilePhone } from './validators.js';

// the code lists live in libs/domain with their Chinese labels; re-exported here under their old names
export { PRIORITIES, QUEUE_CATEGORIES };
export type { Priority, QueueCategory, TicketStatus };

const TICKET_NO = /^[A-Z]\d{3,4}$/;

export class IssueTicketRequest {
  @ApiProperty({ enum: QUEUE_CATEGORIES }) @IsIn(QUEUE_CATEGORIES) category!: QueueCategory;
  @ApiPropertyOptional({ description: 'an SMS is sent when the turn is near' }) @IsOptional() @IsString() @IsMobilePhone() phone?: string;
  @ApiPropertyOptional({ enum: PRIORITIES, description: 'priority service (elderly, disabled, appointment)' }) @IsOptional() @IsIn(PRIORITIES) priority?: Priority;
}

export interface TicketIssued {
  ticketNo: string;
  category: QueueCategory;
  waitingAhead: number;
  issuedAt: string;
  priority?: Priority;
}

export class CallNextRequest {
  @ApiProperty({ example: 'W01' }) @IsString() @Length(1, 20) windowNo!: string;
}

export interface TicketCalled {
  ticketNo: string;
  category: QueueCategory;
  windowNo: string;
  callCount: number;
  status: TicketStatus;
}

export class TicketActionRequest {
  @ApiProperty({ example: 'A001' }) @IsString() @Matches(TICKET_NO, { message: 'ticketNo must look like A001' }) ticketNo!: string;
}

export class TransferTicketRequest extends TicketActionRequest {
  @ApiPropertyOptional({ enum: QUEUE_CATEGORIES }) @IsOptional() @IsIn(QUEUE_CATEGORIES) category?: QueueCategory;
  @ApiPropertyOptional({ description: 'a window that should call this ticket next' }) @IsOptional() @IsString() @Length(1, 20) windowNo?: string;
}

export interface QueueBoard {
  calling: { ticketNo: string; windowNo: string; calledAt: string }[];
  waiting: Record<QueueCategory, number>;
}

export class QueueStatsRequest {
  @ApiPropertyOptional({ example: '2026-11-26' }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) day?: string;
}

export interface QueueStats {
  day: string;
  categories: { category: QueueCategory; issued: number; served: number; noShow: number; waiting: number; avgWaitSeconds: number | null; avgServiceSeconds: number | null }[];
}

export class TurnNearV1 {
  @IsString() ticketId!: string;
  @IsString() ticketNo!: string;
  @IsString() phone!: string;
  @IsString() category!: string;
  ahead!: number;
}

/* ---------- issue 12.7: the queue's facts for the statistics read model (additive subjects) ---------- */

/** A ticket was taken at the machine (or by a consultation). `day` is the hall's day (China). */
export class TicketIssuedV1 {
  @IsString() ticketId!: string;
  @IsString() ticketNo!: string;
  @IsString() day!: string;
  @IsString() category!: string;
  @IsOptional() @IsString() priority?: string;
  @IsString() issuedAt!: string;
}

/** A window called a ticket (`callCount` 1 for the first call, more for a recall). */
export class TicketCalledV1 {
  @IsString() ticketId!: string;
  @IsString() ticketNo!: string;
  @IsString() day!: string;
  @IsString() category!: string;
  @IsString() windowNo!: string;
  @IsOptional() @IsString() calledBy?: string;
  callCount!: number;
  @IsString() calledAt!: string;
}

/** A ticket's service ended: `done` (the window called its next ticket) or `no_show`. */
export class TicketFinishedV1 {
  @IsString() ticketId!: string;
  @IsString() ticketNo!: string;
  @IsString() day!: string;
  @IsIn(['done', 'no_show']) outcome!: 'done' | 'no_show';
  @IsOptional() @IsString() windowNo?: string;
  @IsString() finishedAt!: string;
}

/** The ticket led to an application (the clerk gave its number when creating the application). */
export class TicketLinkedV1 {
  @IsString() ticketId!: string;
  @IsString() ticketNo!: string;
  @IsString() day!: string;
  @IsString() applicationId!: string;
  @IsString() linkedAt!: string;
}
