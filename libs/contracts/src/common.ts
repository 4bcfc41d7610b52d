import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import type { ApplicantKind } from '@yichuang/domain';

// the code lists live in libs/domain with their Chinese labels; re-exported here under their old names
export { ITEM_KINDS, STAGES } from '@yichuang/domain';
export type { ItemKind, Stage } from '@yichuang/domain';

export const CASE_NO_PATTERN = /^[A-Za-z0-9-]{1,40}$/;
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export class DepartmentRef {
  @ApiProperty({ example: 'ZRZY' }) code!: string;
  @ApiProperty({ example: '自然资源局' }) name!: string;
}

export class ByIdRequest {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'id must be a UUID' })
  id!: string;
}

export class ByCaseNoRequest {
  @ApiProperty({ example: 'XX-2026-000001' })
  @IsString()
  @Length(1, 40)
  @Matches(CASE_NO_PATTERN, { message: 'caseNo must be ASCII letters, digits and -' })
  caseNo!: string;
}

/**
 * The applicant. Stored and carried on events with every resident ID number masked in `idNumber` and the number
 * sealed beside it in `idNumberSealed` (libs/platform `sealPii`: AES-256-GCM, `v1.<keyId>.…`); the services open
 * it (`openPii`) where the whole number is needed. A credit code (an enterprise) is not personal data: as it is.
 */
export interface ApplicantSnapshot {
  kind: ApplicantKind;
  name: string;
  idNumber: string;
  /** on events and at rest: the resident ID number sealed (PII_KEYS); absent on older events and in answers */
  idNumberSealed?: string;
  phone: string;
  agentName?: string;
  /** an enterprise's legal representative (法定代表人): may collect the results (personal data: masked in answers) */
  legalRepresentative?: { name: string; idNumber: string; idNumberSealed?: string };
  /** the contact person (联系人): may collect the results (personal data: masked in answers) */
  contact?: { name: string; idNumber: string; idNumberSealed?: string; phone: string };
}

export interface ProjectSnapshot {
  code: string;
  name: string;
  location: string;
  /** 建设规模 */
  scale?: string;
}
