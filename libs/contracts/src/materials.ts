/**
 * 电子材料 (electronic materials of an application) and the applicant's own portal (申请人查询本人办件): the
 * intake service keeps the files' metadata and the one-time codes; the bytes are in the gateway's storage
 * (docs/architecture.md, "Electronic materials").
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import type { ApplicationStatus, CaseStatus } from '@yichuang/domain';
import { CASE_NO_PATTERN } from './common.js';
import { IsMobilePhone } from './validators.js';

/** The media types an electronic material may have: decided by the content's first bytes, never by the name. */
export const MATERIAL_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type MaterialMediaType = (typeof MATERIAL_MEDIA_TYPES)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MATERIAL_CODE = /^[A-Za-z0-9_.-]{1,60}$/;

/** The gateway stored the bytes; intake records them (or refuses, and the gateway deletes them). */
export class RecordMaterialFileRequest {
  @Matches(UUID, { message: 'applicationId must be a UUID' }) applicationId!: string;
  @Matches(MATERIAL_CODE, { message: 'materialCode must be letters, digits, _ . -' }) materialCode!: string;
  @IsString() @Length(1, 200) fileName!: string;
  @IsIn(MATERIAL_MEDIA_TYPES) mediaType!: MaterialMediaType;
  @IsInt() @Min(1) size!: number;
  @Matches(/^[0-9a-f]{64}$/, { message: 'sha256 must be 64 lower-case hex digits' }) sha256!: string;
  @Matches(/^[a-z0-9][a-z0-9/-]{0,200}$/, { message: 'storageKey is not a storage key' }) storageKey!: string;
  /** the file it replaces (removed in the same transaction), before acceptance only */
  @IsOptional() @Matches(UUID, { message: 'replaces must be a UUID' }) replaces?: string;
}

export class ApplicationFilesRequest {
  @Matches(UUID, { message: 'applicationId must be a UUID' }) applicationId!: string;
}

export class MaterialFileRequest extends ApplicationFilesRequest {
  @Matches(UUID, { message: 'fileId must be a UUID' }) fileId!: string;
}

/** An electronic material's file as people see it (the storage key stays between the services). */
export interface MaterialFileView {
  id: string;
  applicationId: string;
  materialCode: string;
  materialName: string;
  fileName: string;
  mediaType: MaterialMediaType;
  size: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
}

/** intake → gateway only: where the bytes are */
export interface MaterialFileLocation extends MaterialFileView {
  storageKey: string;
}

export interface MaterialFileRemoved {
  id: string;
  removed: true;
  storageKey: string;
}

/** Which application or case the applicant means: one of the two. */
export class PortalCaseRef {
  @ApiPropertyOptional({ example: '411523-2026-000001', description: 'the case number (after acceptance)' })
  @ValidateIf((o: PortalCaseRef) => o.applicationId === undefined)
  @IsString()
  @Length(1, 40)
  @Matches(CASE_NO_PATTERN, { message: 'caseNo must be ASCII letters, digits and -' })
  caseNo?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the application id (before acceptance); give caseNo or applicationId' })
  @ValidateIf((o: PortalCaseRef) => o.caseNo === undefined)
  @Matches(UUID, { message: 'applicationId must be a UUID' })
  applicationId?: string;

  @ApiProperty({ example: '13912345678', description: "the phone given on the application (the applicant's or the contact's)" })
  @IsMobilePhone()
  phone!: string;
}

export class PortalCodeRequest extends PortalCaseRef {}

export interface PortalCodeReply {
  /** always true: whether the phone belongs to the case is never said (no enumeration) */
  sent: true;
  expiresInSeconds: number;
}

export class PortalVerifyRequest extends PortalCaseRef {
  @ApiProperty({ example: '123456' }) @Matches(/^\d{6}$/, { message: 'code must be 6 digits' }) code!: string;
}

export interface PortalVerifyReply {
  applicationId: string;
  caseNo?: string;
}

/** The applicant's view of their own application or case (personal data masked by the gateway). */
export interface PortalOverview {
  applicationId: string;
  applicationStatus: ApplicationStatus;
  caseNo?: string;
  caseStatus?: CaseStatus;
  statusText: string;
  stage: number;
  project: { code: string; name: string };
  applicant: { name: string; phone: string };
  submittedAt: string;
  acceptedAt?: string;
  promisedDueDate?: string;
  promisedDueDateProvisional?: boolean;
  /** the materials the application's items ask for, with the electronic files received for each */
  materials: { code: string; name: string; required: boolean; files: MaterialFileView[] }[];
  /** the steps of the case (public wording) */
  timeline: { at: string; step: string; detail?: string }[];
}

/** intake → notification: an SMS with the one-time code (the code travels once; intake keeps only its hash) */
export class PortalCodeIssuedV1 {
  @IsString() challengeId!: string;
  @IsString() phone!: string;
  @IsString() code!: string;
  @IsInt() @Min(1) @Max(60) minutes!: number;
  @IsOptional() @IsString() caseNo?: string;
  @IsString() applicationId!: string;
}
