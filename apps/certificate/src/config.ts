import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, Validate, ValidateIf, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isIssuedDocumentType } from '@yichuang/domain';
import { ConfigError, loadEnv, ServiceEnv } from '@yichuang/platform';

/** The EMS adapters: `dev` (in memory, for `npm start`) and `http` (the post's signed HTTP JSON API). */
export const EMS_PROVIDERS = ['dev', 'http'] as const;
export type EmsProviderName = (typeof EMS_PROVIDERS)[number];
export const DEV_EMS_APP_SECRET = 'yichuang-development-ems-secret';

/**
 * A certificate number pattern: text with the placeholders {area}, {year}, {type}, {seq}; {type} is the document
 * type's Chinese code (字号, libs/domain `RESULT_DOCUMENT_NO_CODE`), never the English type.
 * Sequences are per document type and year, so a number is unique only when it names all three:
 * {year}, {type} and {seq} are required, {area} is optional, and nothing else in braces is allowed.
 */
export const CERTIFICATE_NO_PATTERN_RULE = /^(?=.*\{year\})(?=.*\{type\})(?=.*\{seq\})(?:[^{}]|\{(?:area|year|type|seq)\})+$/;

/**
 * A document type's own pattern: {year} and a sequence ({seq}: 5 digits, or {n}: as is) are required; {type} is
 * not (the pattern is the type's own); {agency} (the issuing department's abbreviation) makes the sequence count
 * per department, as agencies number their own decisions.
 */
export const TYPE_NO_PATTERN_RULE = /^(?=.*\{year\})(?=.*\{(?:seq|n)\})(?:[^{}]|\{(?:area|year|type|seq|n|agency)\})+$/;

/** `CERTIFICATE_NO_PATTERNS`: a JSON object from result document type to its own number pattern. */
@ValidatorConstraint({ name: 'typePatterns' })
class TypePatternsRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const map = parseJsonObject(value);
    return map !== undefined && Object.entries(map).every(([type, pattern]) => isIssuedDocumentType(type) && typeof pattern === 'string' && TYPE_NO_PATTERN_RULE.test(pattern));
  }

  defaultMessage(): string {
    return 'CERTIFICATE_NO_PATTERNS must be a JSON object from result document types (RESULT_DOCUMENT_TYPES) to patterns with {year} and {seq} or {n}, and no placeholder other than {area}, {year}, {type}, {seq}, {n}, {agency}';
  }
}

/** `AGENCY_ABBREVIATIONS`: a JSON object from department code to the agency's abbreviation in document numbers. */
@ValidatorConstraint({ name: 'abbreviations' })
class AbbreviationsRule implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    const map = parseJsonObject(value);
    return map !== undefined && Object.values(map).every((v) => typeof v === 'string' && /^[\u4e00-\u9fff]{1,10}$/.test(v));
  }

  defaultMessage(): string {
    return 'AGENCY_ABBREVIATIONS must be a JSON object from department codes to 1–10 Chinese characters';
  }
}

export function parseJsonObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export class CertificateEnv extends ServiceEnv {
  /** Certificate number pattern: {area}, {year}, {type} (字号) and {seq} (5 digits, gap-free per type per year). */
  @IsString()
  @Matches(CERTIFICATE_NO_PATTERN_RULE, {
    message: 'CERTIFICATE_NO_PATTERN must contain {year}, {type} and {seq}, and no placeholder other than {area}, {year}, {type}, {seq}',
  })
  @IsOptional()
  CERTIFICATE_NO_PATTERN: string = '{type}字第{area}{year}{seq}号';

  /** Administrative area code of the county (Xin County 新县: 411523). */
  @IsString()
  @Matches(/^\d{6}$/, { message: 'AREA_CODE must be 6 digits' })
  @IsOptional()
  AREA_CODE: string = '411523';

  /**
   * Number patterns of single document types, overriding CERTIFICATE_NO_PATTERN: by default the written decisions
   * are numbered as agencies number their documents, e.g. 新自然资许准字〔2026〕12号.
   */
  @IsString()
  @Validate(TypePatternsRule)
  @IsOptional()
  CERTIFICATE_NO_PATTERNS: string = JSON.stringify({
    GRANT_DECISION: '{agency}许准字〔{year}〕{n}号',
    REFUSAL_DECISION: '{agency}许不字〔{year}〕{n}号',
    REVOCATION_DECISION: '{agency}许撤字〔{year}〕{n}号',
    WITHDRAWAL_DECISION: '{agency}许回字〔{year}〕{n}号',
    CORRECTION_NOTICE: '{agency}证更字〔{year}〕{n}号',
  });

  /** The hall, named on documents of departments not recorded (rows from before the department was kept). */
  @IsString()
  @Length(1, 50)
  @IsOptional()
  HALL_AGENCY: string = '新县政务服务中心';

  /** The reconsideration body (复议机关) named in decisions: for a county department's acts, the county government. */
  @IsString()
  @Length(1, 50)
  @IsOptional()
  RECONSIDERATION_BODY: string = '新县人民政府';

  /** The competent people's court named in decisions. */
  @IsString()
  @Length(1, 50)
  @IsOptional()
  LITIGATION_COURT: string = '新县人民法院';

  /** The issuing agencies' abbreviations ({agency}); a department not listed is named in full. */
  @IsString()
  @Validate(AbbreviationsRule)
  @IsOptional()
  AGENCY_ABBREVIATIONS: string = JSON.stringify({ FGW: '新发改', ZRZY: '新自然资', ZJJ: '新住建', STHJ: '新环', RFB: '新人防' });

  /** Base of the public verification URL printed as a QR code on every document: `<base>/<verifyCode>`. */
  @IsString()
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'VERIFY_URL_BASE must be an http(s) URL' })
  @IsOptional()
  VERIFY_URL_BASE: string = 'http://127.0.0.1:3000/api/v1/verify';

  /* ---------- delivery (领证, 免费寄递) ---------- */

  /** Art. 44 delivery clock: yellow when this many working days or fewer are left (red once overdue). */
  @Type(() => Number) @IsInt() @Min(0) @Max(9) @IsOptional() DELIVERY_YELLOW_AT_OR_BELOW: number = 2;

  /** The pick-up desk: the applicant gets ONE reminder SMS once results have waited this many working days. */
  @Type(() => Number) @IsInt() @Min(1) @Max(60) @IsOptional() PICKUP_REMINDER_AFTER_WORKING_DAYS: number = 5;

  /** How often the Art. 44 check and the pick-up reminders run (each instance; one sweep at a time across them). */
  @Type(() => Number) @IsInt() @Min(100) @Max(3_600_000) @IsOptional() DELIVERY_SWEEP_MS: number = 60_000;

  /** Which EMS adapter creates shipments: `dev` (in memory, answers at once) or `http` (EMS_BASE_URL). */
  @IsIn(EMS_PROVIDERS) @IsOptional() EMS_PROVIDER: EmsProviderName = 'dev';

  /** The post's API (EMS_PROVIDER=http), e.g. `https://api.ems.example/open`. */
  @ValidateIf((o: CertificateEnv) => o.EMS_PROVIDER === 'http' || o.EMS_BASE_URL !== undefined)
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'EMS_BASE_URL must be an http(s) URL (required when EMS_PROVIDER=http)' })
  EMS_BASE_URL?: string;

  /** Our app key at the post; it signs both ways (requests to the post, and its tracking callbacks to us). */
  @IsString() @Length(1, 64) @IsOptional() EMS_APP_KEY: string = 'yichuang-dev';
  /** The shared HMAC secret; the development value is refused with NODE_ENV=production. Never logged. */
  @IsString() @Length(16, 256) @IsOptional() EMS_APP_SECRET: string = DEV_EMS_APP_SECRET;

  /** One HTTP call to the post may take this long before it counts as failed. */
  @Type(() => Number) @IsInt() @Min(100) @Max(60_000) @IsOptional() EMS_TIMEOUT_MS: number = 5_000;
  /** Tries per call (5xx, 429, timeouts and network errors are retried; 4xx are not). */
  @Type(() => Number) @IsInt() @Min(1) @Max(10) @IsOptional() EMS_MAX_ATTEMPTS: number = 4;
  /** Wait before the second try; doubles with every further one. */
  @Type(() => Number) @IsInt() @Min(1) @Max(60_000) @IsOptional() EMS_RETRY_BASE_MS: number = 200;

  /** How often each instance finishes shipments the post has not confirmed, creates chosen-at-application shipments and polls tracking. */
  @Type(() => Number) @IsInt() @Min(50) @Max(3_600_000) @IsOptional() EMS_SWEEP_MS: number = 5_000;
  /** A shipment request in progress keeps the sweep away this long (then the sweep asks the post by our id). */
  @Type(() => Number) @IsInt() @Min(100) @Max(3_600_000) @IsOptional() EMS_REQUEST_LEASE_MS: number = 60_000;
  /** Poll fallback: a shipment without news (callback or poll) for this long is asked for its tracking. */
  @Type(() => Number) @IsInt() @Min(100) @Max(86_400_000) @IsOptional() EMS_POLL_AFTER_MS: number = 1_800_000;
  /** Tracking callbacks: the allowed difference between their timestamp and our real time (replay protection). */
  @Type(() => Number) @IsInt() @Min(10) @Max(3_600) @IsOptional() EMS_WEBHOOK_MAX_SKEW_S: number = 300;

  /** The sender on the waybill: the hall. */
  @IsString() @Length(1, 50) @IsOptional() EMS_SENDER_NAME: string = '新县政务服务中心';
  @IsString() @Length(1, 30) @IsOptional() EMS_SENDER_PHONE: string = '0376-2962000';
  @IsString() @Length(1, 200) @IsOptional() EMS_SENDER_ADDRESS: string = '河南省信阳市新县新集镇政务服务中心';

  /**
   * TEST ONLY: after the post answers a shipment request, pause for ever before recording its answer, so a test can
   * kill the process exactly between the post's answer and our commit. Refused with NODE_ENV=production.
   */
  @IsIn(['true', 'false']) @IsOptional() EMS_TEST_PAUSE_AFTER_PROVIDER: 'true' | 'false' = 'false';
}

/** Checks across variables that a decorator cannot express. */
export function checkCertificateEnv(env: CertificateEnv): CertificateEnv {
  const problems: string[] = [];
  if (env.NODE_ENV === 'production') {
    if (env.EMS_TEST_PAUSE_AFTER_PROVIDER === 'true') problems.push('EMS_TEST_PAUSE_AFTER_PROVIDER must not be set in production');
    if (env.EMS_PROVIDER === 'http' && env.EMS_APP_SECRET === DEV_EMS_APP_SECRET) problems.push('EMS_APP_SECRET must be set in production');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return env;
}

export const loadCertificateEnv = (): CertificateEnv => checkCertificateEnv(loadEnv(CertificateEnv));
