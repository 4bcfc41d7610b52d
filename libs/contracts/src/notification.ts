import { IsIn, IsString, Length } from 'class-validator';

export type MessageChannel = 'sms' | 'ems';
export type MessageStatus = 'created' | 'sending' | 'delivered' | 'temporary_failure' | 'permanent_failure' | 'technical_failure';

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
