import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MessageChannel, MessageStatus } from '@yichuang/contracts';

/** Who receives a case's messages (from case.accepted). Personal data: never logged. */
@Entity({ name: 'recipient' })
export class Recipient {
  @PrimaryColumn({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) phone!: string;
  /** the case's items, to name them in task and alarm messages */
  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" }) items!: RecipientItem[];
  /** 关注绑定: the applicant's openid at the hall's official account (their messages also go there); personal data */
  @Column({ name: 'wechat_open_id', type: 'text', nullable: true }) wechatOpenId!: string | null;
  @Column({ name: 'wechat_bound_at', type: 'timestamptz', nullable: true }) wechatBoundAt!: Date | null;
}

export interface RecipientItem {
  itemCode: string;
  itemName: string;
  departmentCode: string;
}

/** One SMS or EMS message, with its delivery status. `dedupe_key` makes each message exist once. */
@Entity({ name: 'message' })
export class Message {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'case_no', type: 'text', nullable: true }) caseNo!: string | null;
  /** what the message is about when there is no case yet (e.g. an application id) */
  @Column({ type: 'text', nullable: true }) ref!: string | null;
  @Column({ type: 'text' }) channel!: MessageChannel;
  @Column({ type: 'text' }) template!: string;
  /** the template's version it was rendered with (0: the catalogue's default body) */
  @Column({ name: 'template_version', type: 'int', default: 0 }) templateVersion!: number;
  /** the template's variables as they stand in the text (platforms that send template code + parameters) */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" }) params!: Record<string, string>;
  /** a non-urgent message to an applicant: not sent (nor retried) in quiet hours */
  @Column({ name: 'quiet_hours', type: 'boolean', default: false }) quietHours!: boolean;
  @Column({ name: 'dedupe_key', type: 'text', unique: true }) dedupeKey!: string;
  @Column({ type: 'text' }) recipient!: string;
  @Column({ type: 'text' }) content!: string;
  @Column({ type: 'text' }) status!: MessageStatus;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  @Column({ name: 'provider_id', type: 'text', nullable: true }) providerId!: string | null;
  /** when the dispatcher may try (again); null once nothing more will be tried */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true }) nextAttemptAt!: Date | null;
  /** why the last try failed (masked) */
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  /** the request or event that caused the message, so its sending is traced with it */
  @Column({ name: 'correlation_id', type: 'text', nullable: true }) correlationId!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true }) sentAt!: Date | null;
  /** a delivery problem the window handled (phoned the applicant instead): when, who (username), what was said */
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
  @Column({ name: 'resolved_by', type: 'text', nullable: true }) resolvedBy!: string | null;
  @Column({ name: 'resolution_note', type: 'text', nullable: true }) resolutionNote!: string | null;
}
