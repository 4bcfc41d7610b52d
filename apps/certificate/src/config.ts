import { IsOptional, IsString, Matches } from 'class-validator';
import { loadEnv, ServiceEnv } from '@yichuang/platform';

/**
 * A certificate number pattern: text with the placeholders {area}, {year}, {type}, {seq}; {type} is the document
 * type's Chinese code (字号, libs/domain `RESULT_DOCUMENT_NO_CODE`), never the English type.
 * Sequences are per document type and year, so a number is unique only when it names all three:
 * {year}, {type} and {seq} are required, {area} is optional, and nothing else in braces is allowed.
 */
export const CERTIFICATE_NO_PATTERN_RULE = /^(?=.*\{year\})(?=.*\{type\})(?=.*\{seq\})(?:[^{}]|\{(?:area|year|type|seq)\})+$/;

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
}

export const loadCertificateEnv = (): CertificateEnv => loadEnv(CertificateEnv);
