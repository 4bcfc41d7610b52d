import { IsIn, IsString, Length } from 'class-validator';
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
