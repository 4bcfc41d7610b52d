import { Type } from 'class-transformer';
import { IsInt, IsJSON, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import type { ExchangeCounterpart } from '@yichuang/contracts';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

const URL_RULE = { require_tld: false, protocols: ['http', 'https'] };

/**
 * One counterpart per URL: unset (the default), its records are kept and not pushed — the backlog says so. The
 * field mapping (`…_FIELDS`): a JSON object renaming our top-level record fields to the province's, e.g.
 * `{"caseNo":"bjbh","occurredAt":"fssj"}`; fields not named keep their names.
 */
export class ExchangeEnv extends ServiceEnv {
  /** the provincial 政务服务网's records endpoint (case records, materials list) */
  @IsOptional() @IsUrl(URL_RULE) PROVINCE_ZWFW_URL?: string;
  @ValidateIf((e: ExchangeEnv) => !!e.PROVINCE_ZWFW_URL) @IsString() @Length(1, 64) PROVINCE_ZWFW_APP_ID?: string;
  @ValidateIf((e: ExchangeEnv) => !!e.PROVINCE_ZWFW_URL) @IsString() @Length(8, 256) PROVINCE_ZWFW_APP_SECRET?: string;
  @IsOptional() @IsJSON() PROVINCE_ZWFW_FIELDS?: string;
  /** the provincial 工程建设项目审批管理系统's records endpoint (stage, items, milestones) */
  @IsOptional() @IsUrl(URL_RULE) PROVINCE_GCJS_URL?: string;
  @ValidateIf((e: ExchangeEnv) => !!e.PROVINCE_GCJS_URL) @IsString() @Length(1, 64) PROVINCE_GCJS_APP_ID?: string;
  @ValidateIf((e: ExchangeEnv) => !!e.PROVINCE_GCJS_URL) @IsString() @Length(8, 256) PROVINCE_GCJS_APP_SECRET?: string;
  @IsOptional() @IsJSON() PROVINCE_GCJS_FIELDS?: string;
  /** the provincial 电子监察's records endpoint (alarms raised and cleared) */
  @IsOptional() @IsUrl(URL_RULE) PROVINCE_DZJC_URL?: string;
  @ValidateIf((e: ExchangeEnv) => !!e.PROVINCE_DZJC_URL) @IsString() @Length(1, 64) PROVINCE_DZJC_APP_ID?: string;
  @ValidateIf((e: ExchangeEnv) => !!e.PROVINCE_DZJC_URL) @IsString() @Length(8, 256) PROVINCE_DZJC_APP_SECRET?: string;
  @IsOptional() @IsJSON() PROVINCE_DZJC_FIELDS?: string;
  /**
   * the key and secret the provincial 政务服务网 signs its pushes to us with (`POST /api/v1/callbacks/province/…`);
   * unset: its pushes are refused (404)
   */
  @IsOptional() @IsString() @Length(1, 64) PROVINCE_ZWFW_WEBHOOK_APP_ID?: string;
  @ValidateIf((e: ExchangeEnv) => !!e.PROVINCE_ZWFW_WEBHOOK_APP_ID) @IsString() @Length(8, 256) PROVINCE_ZWFW_WEBHOOK_SECRET?: string;
  /**
   * where the 政务服务网 serves the files of the applications it pushes (signed GET with PROVINCE_ZWFW_APP_ID / _SECRET);
   * a file listed anywhere else is not fetched. Unset: the applications come in without their files.
   */
  @IsOptional() @IsUrl(URL_RULE) PROVINCE_ZWFW_FILES_URL?: string;
  /** the 投资项目在线审批监管平台's project endpoint (项目代码核验); unset: codes are not looked up, cases wait unchecked */
  @IsOptional() @IsUrl(URL_RULE) PROVINCE_TZXM_URL?: string;
  @ValidateIf((e: ExchangeEnv) => !!e.PROVINCE_TZXM_URL) @IsString() @Length(1, 64) PROVINCE_TZXM_APP_ID?: string;
  @ValidateIf((e: ExchangeEnv) => !!e.PROVINCE_TZXM_URL) @IsString() @Length(8, 256) PROVINCE_TZXM_APP_SECRET?: string;
  /** one lookup's timeout at the window (short: the clerk waits for it) */
  @Type(() => Number) @IsInt() @Min(100) @Max(30_000) @IsOptional() PROVINCE_TZXM_TIMEOUT_MS: number = 3_000;
  /**
   * how long a step waits before its first push, so that a step of the same case heard a moment later but that
   * happened earlier (its event came through another consumer) is sent first: the steps of a case reach the province
   * in the order they happened
   */
  @Type(() => Number) @IsInt() @Min(0) @Max(60_000) @IsOptional() EXCHANGE_ORDER_WINDOW_MS: number = 2_000;
  /** how often the sender (and the project check, the forwarding of what the province sent) looks for due rows */
  @Type(() => Number) @IsInt() @Min(50) @Max(3_600_000) @IsOptional() EXCHANGE_PUSH_INTERVAL_MS: number = 5_000;
  /** one request's timeout */
  @Type(() => Number) @IsInt() @Min(100) @Max(120_000) @IsOptional() EXCHANGE_TIMEOUT_MS: number = 10_000;
  /**
   * 每日对账: after this time of day (China, HH:MM) the day before is reconciled with each platform once; a platform
   * that could not be asked is asked again an hour later (until the end of the next day)
   */
  @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'EXCHANGE_RECONCILE_AT must be HH:MM' }) EXCHANGE_RECONCILE_AT: string = '02:00';
  /** how often the daily reconciliation looks whether it is due */
  @Type(() => Number) @IsInt() @Min(50) @Max(3_600_000) @IsOptional() EXCHANGE_RECONCILE_CHECK_MS: number = 600_000;
  /** the first retry's delay; doubling per failure up to EXCHANGE_RETRY_MAX_MS */
  @Type(() => Number) @IsInt() @Min(10) @Max(3_600_000) @IsOptional() EXCHANGE_RETRY_BASE_MS: number = 5_000;
  @Type(() => Number) @IsInt() @Min(10) @Max(86_400_000) @IsOptional() EXCHANGE_RETRY_MAX_MS: number = 3_600_000;
}

/** A counterpart's connection as the adapter needs it (undefined URL: not configured). */
export interface CounterpartConfig {
  counterpart: ExchangeCounterpart;
  url?: string;
  appId: string;
  secret: string;
  /** our field name → the province's */
  fields: Record<string, string>;
  timeoutMs: number;
}

export function counterpartConfig(env: ExchangeEnv, counterpart: ExchangeCounterpart): CounterpartConfig {
  const [url, appId, secret, fields] = {
    zwfw: [env.PROVINCE_ZWFW_URL, env.PROVINCE_ZWFW_APP_ID, env.PROVINCE_ZWFW_APP_SECRET, env.PROVINCE_ZWFW_FIELDS],
    gcjs: [env.PROVINCE_GCJS_URL, env.PROVINCE_GCJS_APP_ID, env.PROVINCE_GCJS_APP_SECRET, env.PROVINCE_GCJS_FIELDS],
    dzjc: [env.PROVINCE_DZJC_URL, env.PROVINCE_DZJC_APP_ID, env.PROVINCE_DZJC_APP_SECRET, env.PROVINCE_DZJC_FIELDS],
  }[counterpart];
  const mapping = fields ? (JSON.parse(fields) as unknown) : {};
  if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping) || Object.values(mapping).some((v) => typeof v !== 'string')) {
    throw new Error(`PROVINCE_${counterpart.toUpperCase()}_FIELDS must be a JSON object of field names`);
  }
  return { counterpart, ...(url ? { url } : {}), appId: appId ?? '', secret: secret ?? '', fields: mapping as Record<string, string>, timeoutMs: env.EXCHANGE_TIMEOUT_MS };
}

export const loadExchangeEnv = (): ExchangeEnv => loadEnv(ExchangeEnv);
