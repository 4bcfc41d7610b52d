import { IsOptional, IsString, Length, Matches, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isIssuedDocumentType } from '@yichuang/domain';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

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
}

export const loadCertificateEnv = (): CertificateEnv => loadEnv(CertificateEnv);
