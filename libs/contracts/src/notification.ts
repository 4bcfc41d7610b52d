import { IsIn, IsObject, IsString, Length, Matches, MaxLength } from 'class-validator';
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
