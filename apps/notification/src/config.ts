import { Transform, Type } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { ConfigError, loadEnv, ServiceEnv } from '@yichuang/platform';

/** Message providers that can be configured; `SMS_PROVIDERS` lists the SMS ones in priority order. */
export const SMS_PROVIDER_NAMES = ['dev', 'smpp', 'http'] as const;
export type SmsProviderName = (typeof SMS_PROVIDER_NAMES)[number];
/** @deprecated the single-provider name, kept for old deployments: use SMS_PROVIDERS */
export const SMS_PROVIDERS = SMS_PROVIDER_NAMES;

const list = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class NotificationEnv extends ServiceEnv {
  /** SMS signature (短信签名), shown as 【…】 */
  @IsString() @Length(1, 20) @IsOptional() SMS_SIGNATURE: string = '新县政务服务中心';
  /** where results are collected, named in the RESULT_READY SMS */
  @IsString() @Length(1, 40) @IsOptional() HALL_NAME: string = '新县政务服务中心';
  /** the hall's inquiry phone printed in messages */
  @IsString() @Length(1, 30) @IsOptional() HALL_PHONE: string = '0376-2962000';
  /** the single SMS gateway of old configurations (SMS_PROVIDERS wins when set) */
  @IsIn(SMS_PROVIDER_NAMES) @IsOptional() SMS_PROVIDER: SmsProviderName = 'dev';
  /** SMS gateways in priority order, e.g. `smpp,http`; a failing or slow one is skipped for a cool-down (failover) */
  @IsOptional() @Transform(list) @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(SMS_PROVIDER_NAMES, { each: true }) SMS_PROVIDERS?: SmsProviderName[];
  /** tries per message before it is given up as a technical failure (GOV.UK Notify: 48) */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) @IsOptional() SMS_MAX_ATTEMPTS: number = 48;
  /** wait after the first temporary failure; doubles with every further one, up to SMS_RETRY_MAX_MS */
  @Type(() => Number) @IsInt() @Min(10) @Max(3_600_000) @IsOptional() SMS_RETRY_BASE_MS: number = 5_000;
  @Type(() => Number) @IsInt() @Min(10) @Max(86_400_000) @IsOptional() SMS_RETRY_MAX_MS: number = 3_600_000;
  /** how often the dispatcher looks for due messages besides being woken by new ones */
  @Type(() => Number) @IsInt() @Min(50) @Max(60_000) @IsOptional() SMS_POLL_MS: number = 1_000;
  /** the most SMS parts (分条) a template may need; 1 part = 70 Chinese characters, each part of a longer one 67 */
  @Type(() => Number) @IsInt() @Min(1) @Max(10) @IsOptional() SMS_MAX_SEGMENTS: number = 3;

  /* ---------- 好差评 in the completion SMS ---------- */
  /** the completion SMS (RESULT_READY, RESULT_MAILED) invites a rating: a one-time link and a reply digit 1–5 */
  @IsIn(['true', 'false']) @IsOptional() SMS_RATING_INVITATION_ENABLED: 'true' | 'false' = 'true';
  /** the link's address up to the token: the hall's public address of the console's rating page (at most 32 characters, e.g. https://zwfw.xx.gov.cn/r/) */
  @Matches(/^https?:\/\/\S+$/, { message: 'RATING_LINK_URL must be an http(s) URL' }) @Length(10, 32) @IsOptional() RATING_LINK_URL: string = 'http://localhost:3000/r/';
  /** a reply (上行短信) answers the sender's latest rating invitation of these many days */
  @Type(() => Number) @IsInt() @Min(1) @Max(90) @IsOptional() RATING_REPLY_DAYS: number = 15;

  /* ---------- failover and health ---------- */
  /** a provider slower than this (ms) for a try counts as failing */
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000) @IsOptional() SMS_SLOW_MS: number = 5_000;
  /** consecutive failing tries after which a provider is skipped */
  @Type(() => Number) @IsInt() @Min(1) @Max(100) @IsOptional() SMS_FAILURE_THRESHOLD: number = 3;
  /** how long a skipped provider rests before it is probed back (ms) */
  @Type(() => Number) @IsInt() @Min(100) @Max(3_600_000) @IsOptional() SMS_COOL_DOWN_MS: number = 60_000;
  /** how long one try may take before its outcome is unknown (ms) */
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000) @IsOptional() SMS_SEND_TIMEOUT_MS: number = 10_000;
  /** how long an unconfirmed message waits for a late receipt before the window is asked to phone (hours) */
  @Type(() => Number) @IsInt() @Min(0) @Max(720) @IsOptional() SMS_RECEIPT_WAIT_HOURS: number = 24;

  /* ---------- quiet hours and limits ---------- */
  /** non-urgent messages to applicants are held from this time (China time, HH:mm) … */
  @IsString() @Matches(HHMM) @IsOptional() SMS_QUIET_FROM: string = '21:00';
  /** … until this time, then sent */
  @IsString() @Matches(HHMM) @IsOptional() SMS_QUIET_UNTIL: string = '08:00';
  /** at most this many SMS to one phone per hour (carriers block numbers that get more); later ones wait */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) @IsOptional() SMS_PER_RECIPIENT_PER_HOUR: number = 5;
  /** at most this many SMS to one phone per China day */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) @IsOptional() SMS_PER_RECIPIENT_PER_DAY: number = 10;
  /** at most this many tries per second over all providers of this instance (the account's throughput) */
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) @IsOptional() SMS_GLOBAL_PER_SECOND: number = 50;

  /* ---------- SMPP 3.4 (SMS_PROVIDERS contains smpp) ---------- */
  /** `smpp://host:port` (or `ssmpp://` for TLS) of the carrier's or platform's SMSC */
  @IsOptional() @IsString() @Matches(/^s?smpp:\/\/[^/]+:\d+$/) SMPP_URL?: string;
  @IsOptional() @IsString() @Length(1, 16) SMPP_SYSTEM_ID?: string;
  /** personal secret: never logged */
  @IsOptional() @IsString() @Length(0, 9) SMPP_PASSWORD?: string;
  @IsOptional() @IsString() @Length(0, 13) SMPP_SYSTEM_TYPE: string = '';
  /** the sender number or service code (服务代码) the carrier assigned, e.g. 106… */
  @IsOptional() @IsString() @Length(1, 21) SMPP_SOURCE_ADDR: string = '10690000';
  /** outstanding submit_sm without an answer (window) */
  @Type(() => Number) @IsInt() @Min(1) @Max(1000) @IsOptional() SMPP_WINDOW: number = 10;
  /** enquire_link keep-alive interval (ms) */
  @Type(() => Number) @IsInt() @Min(100) @Max(600_000) @IsOptional() SMPP_ENQUIRE_LINK_MS: number = 30_000;
  /** first reconnect wait (ms), doubling up to SMPP_RECONNECT_MAX_MS */
  @Type(() => Number) @IsInt() @Min(10) @Max(600_000) @IsOptional() SMPP_RECONNECT_MIN_MS: number = 1_000;
  @Type(() => Number) @IsInt() @Min(10) @Max(3_600_000) @IsOptional() SMPP_RECONNECT_MAX_MS: number = 60_000;

  /* ---------- HTTP SMS platform (SMS_PROVIDERS contains http) ---------- */
  /** the platform's send endpoint, e.g. https://sms.example.com/api/send */
  @IsOptional() @IsString() @Matches(/^https?:\/\//) SMS_HTTP_URL?: string;
  @IsOptional() @IsString() @Length(1, 100) SMS_HTTP_ACCESS_KEY_ID?: string;
  /** personal secret: never logged; signs requests and checks callbacks */
  @IsOptional() @IsString() @Length(1, 200) SMS_HTTP_ACCESS_KEY_SECRET?: string;
  /** the signature name (签名) registered at the platform; default SMS_SIGNATURE */
  @IsOptional() @IsString() @Length(1, 20) SMS_HTTP_SIGN_NAME?: string;

  /* ---------- WeChat official account template messages (the `wechat` channel) ---------- */
  /** the API base, e.g. https://api.weixin.qq.com; unset: no WeChat messages */
  @IsOptional() @IsString() @Matches(/^https?:\/\//) WECHAT_API_URL?: string;
  @IsOptional() @IsString() @Length(1, 64) WECHAT_APP_ID?: string;
  /** personal secret: never logged */
  @IsOptional() @IsString() @Length(1, 128) WECHAT_APP_SECRET?: string;
  /** the template id (模板ID) of the account's 办件进度通知 template, used where a template has no own external code */
  @IsOptional() @IsString() @Length(1, 128) WECHAT_TEMPLATE_ID?: string;
  /** the token the account's push configuration uses to sign event pushes (TEMPLATESENDJOBFINISH receipts) */
  @IsOptional() @IsString() @Length(1, 64) WECHAT_CALLBACK_TOKEN?: string;

  /**
   * TEST ONLY: after a provider answers a try, pause for ever before recording the answer, so a test can kill the
   * process exactly between the provider's acceptance and our commit. Refused with NODE_ENV=production.
   */
  @IsIn(['true', 'false']) @IsOptional() SMS_TEST_PAUSE_AFTER_PROVIDER: 'true' | 'false' = 'false';
}

/** Checks across variables that a decorator cannot express. */
export function checkNotificationEnv(env: NotificationEnv): NotificationEnv {
  if (env.NODE_ENV === 'production' && env.SMS_TEST_PAUSE_AFTER_PROVIDER === 'true') throw new ConfigError(['SMS_TEST_PAUSE_AFTER_PROVIDER must not be set in production']);
  return env;
}

export const loadNotificationEnv = (): NotificationEnv => checkNotificationEnv(loadEnv(NotificationEnv));

/** The SMS providers to use, in priority order. */
export function smsProviderOrder(env: NotificationEnv): SmsProviderName[] {
  return env.SMS_PROVIDERS && env.SMS_PROVIDERS.length > 0 ? env.SMS_PROVIDERS : [env.SMS_PROVIDER];
}
