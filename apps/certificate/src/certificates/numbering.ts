import { Inject, Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { chinaToday, isIssuedDocumentType, RESULT_DOCUMENT_NO_CODE } from '@yichuang/domain';
import { nextGapFree } from '@yichuang/platform';
import { parseJsonObject, type CertificateEnv } from '../config.js';
import { CERTIFICATE_ENV } from '../tokens.js';

/** Width of {seq}: 00001 … 99999 (wider numbers are written in full, never cut). */
export const SEQ_WIDTH = 5;

export interface CertificateNoParts {
  area: string;
  year: number;
  /** the document type's short Chinese code (字号, `RESULT_DOCUMENT_NO_CODE`), never the English type */
  typeCode: string;
  seq: number;
  /** the issuing agency's abbreviation, for patterns with {agency} */
  agency?: string;
}

/**
 * `{type}字第{area}{year}{seq}号` → `地字第411523202600001号` (a 建设用地规划许可证); `{agency}许准字〔{year}〕{n}号` →
 * `新自然资许准字〔2026〕12号`. {seq} is 5 digits (never cut), {n} the number as is.
 */
export function formatCertificateNo(pattern: string, p: CertificateNoParts): string {
  const values: Record<string, string> = {
    area: p.area,
    year: String(p.year),
    type: p.typeCode,
    seq: String(p.seq).padStart(SEQ_WIDTH, '0'),
    n: String(p.seq),
    agency: p.agency ?? '',
  };
  return pattern.replace(/\{(area|year|type|seq|n|agency)\}/g, (all, name: string) => values[name] ?? all);
}

/** The numbering year of a document: the calendar year in China (Asia/Shanghai) at `at`. */
export function numberingYear(at: Date): number {
  return Number(chinaToday(at).slice(0, 4));
}

/** Unambiguous characters: no 0/O or 1/I look-alikes. 32 of them: 12 characters are 60 random bits. */
export const VERIFY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const VERIFY_CODE_LENGTH = 12;

/** A verification code printed on the document (QR code): 12 characters from a CSPRNG. */
export function newVerifyCode(): string {
  let code = '';
  for (let i = 0; i < VERIFY_CODE_LENGTH; i++) code += VERIFY_ALPHABET[randomInt(VERIFY_ALPHABET.length)];
  return code;
}

/**
 * Certificate numbers: gap-free per document type per year (table `number_sequence`, keyed by the catalogue's
 * type code, e.g. `CONSTRUCTION_PERMIT`); the number itself names the type by its Chinese code (字号).
 */
@Injectable()
export class CertificateNumbers {
  private readonly patterns: Readonly<Record<string, string>>;
  private readonly agencies: Readonly<Record<string, string>>;

  constructor(@Inject(CERTIFICATE_ENV) private readonly env: CertificateEnv) {
    this.patterns = (parseJsonObject(env.CERTIFICATE_NO_PATTERNS) ?? {}) as Record<string, string>;
    this.agencies = (parseJsonObject(env.AGENCY_ABBREVIATIONS) ?? {}) as Record<string, string>;
  }

  /**
   * The next number of `type` in the year of `at`, taken inside the caller's transaction:
   * `INSERT … ON CONFLICT (doc_type, year) DO UPDATE SET last_value = last_value + 1 RETURNING last_value`.
   * A rollback gives the number back; concurrent issuers queue on the counter's row until commit. A pattern with
   * {agency} counts per issuing department (counter key `<type>@<department>`).
   * @throws Error for a type without a Chinese code (not in RESULT_DOCUMENT_TYPES): no number is taken.
   */
  async next(tx: EntityManager, type: string, at: Date, agency?: { code: string; name: string }): Promise<string> {
    if (!isIssuedDocumentType(type)) throw new Error(`result document type ${type} has no number code (RESULT_DOCUMENT_NO_CODE)`);
    const pattern = this.patterns[type] ?? this.env.CERTIFICATE_NO_PATTERN;
    const perAgency = pattern.includes('{agency}');
    if (perAgency && !agency) throw new Error(`the number pattern of ${type} names the agency, and the document has none`);
    const year = numberingYear(at);
    const seq = await nextGapFree(tx, 'number_sequence', { doc_type: perAgency && agency ? `${type}@${agency.code}` : type, year });
    return formatCertificateNo(pattern, {
      area: this.env.AREA_CODE,
      year,
      typeCode: RESULT_DOCUMENT_NO_CODE[type],
      seq,
      ...(agency ? { agency: this.agencies[agency.code] ?? agency.name } : {}),
    });
  }
}
