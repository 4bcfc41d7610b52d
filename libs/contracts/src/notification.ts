import { IsIn, IsString, Length } from 'class-validator';

export type MessageChannel = 'sms' | 'ems';
/**
 * Per-message delivery status (after GOV.UK Notify):
 * - `created`: waiting for the dispatcher (first try, or a retry once `temporary_failure` is due again)
 * - `sending`: the provider accepted it; its delivery receipt has not come yet
 * - `delivered`: the provider confirmed delivery to the phone
 * - `temporary_failure`: the last try failed for a reason that may pass (phone off, provider busy); retried later
 * - `permanent_failure`: it can never be delivered (no such number, refused content); not retried
 * - `technical_failure`: every allowed try failed; given up
 */
export type MessageStatus = 'created' | 'sending' | 'delivered' | 'temporary_failure' | 'permanent_failure' | 'technical_failure';

/** SMS templates of the notification service (the Chinese texts live in apps/notification/src/messages/templates.ts). */
export const MESSAGE_TEMPLATES = ['CASE_ACCEPTED', 'RESULT_READY', 'ONE_TIME_NOTICE', 'QUEUE_TURN_NEAR', 'TASK_SUSPENDED', 'CORRECTION_REQUESTED', 'TASK_ALARM', 'TASK_REFUSED', 'DEADLINE_MOVED'] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

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
}

export class MessageSentV1 {
  @IsString() messageId!: string;
  @IsString() caseNo!: string;
  @IsIn(['sms', 'ems']) channel!: MessageChannel;
  @IsString() template!: string;
  @IsString() sentAt!: string;
}

export class ByRefRequest {
  /** what the messages are about when there is no case (an application id) */
  @IsString() @Length(1, 100) ref!: string;
}
