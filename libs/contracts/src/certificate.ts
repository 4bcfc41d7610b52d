import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBase64, IsBoolean, IsIn, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import type { CertificateStatus, CollectorCapacity, DocumentRole, DocumentStanding } from '@yichuang/domain';
import type { ProjectSnapshot } from './common.js';
import { SHA256_HEX, SIGNATURE_IMAGE_MAX_BASE64 } from './delivery.js';
import { ByIdRequest } from './common.js';
import { IsResidentId } from './validators.js';

export type { CertificateStatus, DocumentRole, DocumentStanding };

export interface CertificateView {
  id: string;
  no: string;
  type: string;
  typeName: string;
  itemCode: string;
  caseNo: string;
  status: CertificateStatus;
  verifyCode: string;
  issuedAt: string;
  collectedAt?: string;
  /** the approval item the document results from */
  itemName: string;
  /** the applicant the document is issued to (name in full: the window checks it at hand-over) */
  holderName: string;
  /** masked (`4115**********1234`); the full number never leaves the certificate service */
  holderIdNumber: string;
  collectorName?: string;
  /** masked, like holderIdNumber */
  collectorIdNumber?: string;
  /** username of the staff member who handed it over */
  collectedBy?: string;
  /** the item's result, or a written grant / refusal decision */
  role: DocumentRole;
  /** the issuing agency */
  departmentName?: string;
  project?: ProjectSnapshot;
  legalBasis?: string;
  /** a grant's conditions, a refusal's reasons */
  conditions?: string;
  decidedAt?: string;
  /** 有效期至 (YYYY-MM-DD), where the document type has a fixed validity */
  validUntil?: string;
  standing: DocumentStanding;
  /** when it was revoked, withdrawn or superseded, why, on what legal basis */
  standingSince?: string;
  standingReason?: string;
  standingBasis?: string;
  /** the document this one corrects, and the one that superseded this one */
  replaces?: { id: string; no: string };
  replacedBy?: { id: string; no: string };
  /** in which capacity the collector took it (持证人本人, 法定代表人, 申请联系人, 委托代理人) */
  collectorCapacity?: CollectorCapacity;
  /** the hand-over record (and its receipt) */
  handoverId?: string;
}

/**
 * 撤销 (revoke, Art. 69) or 撤回 (withdraw, Art. 8) a document, by the head of the department that issued it: the
 * reason and the legal basis are stated, the applicant is told.
 */
export class RevokeDocumentRequest extends ByIdRequest {
  @ApiProperty({ enum: ['revoke', 'withdraw'] }) @IsIn(['revoke', 'withdraw']) kind!: 'revoke' | 'withdraw';
  @ApiProperty({ example: '经事后核查，申请人承诺内容与实际情况不符' }) @IsString() @Length(1, 1000) reason!: string;
  @ApiProperty({ example: '《中华人民共和国行政许可法》第六十九条第二款' }) @IsString() @Length(1, 500) legalBasis!: string;
}

/** What a correction (更正) may change: clerical content, never the item, the type or the decision. */
export class DocumentCorrections {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 100) holderName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) projectName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) projectLocation?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) projectScale?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) conditions?: string;
}

/** 更正: a new document with a new number replaces one with a clerical error; the old one answers `superseded`. */
export class CorrectDocumentRequest extends ByIdRequest {
  @ApiProperty({ example: '项目名称笔误' }) @IsString() @Length(1, 1000) reason!: string;
  @ApiPropertyOptional({ example: '《中华人民共和国行政许可法》第三十九条' }) @IsOptional() @IsString() @Length(1, 500) legalBasis?: string;
  @ApiProperty({ type: DocumentCorrections }) @IsObject() @ValidateNested() @Type(() => DocumentCorrections) corrections!: DocumentCorrections;
}

/** The printable document of an issued one (`document`), or the decision or notice that changed it (`change_notice`). */
export class CertificatePdfRequest extends ByIdRequest {
  @IsOptional() @IsIn(['document', 'change_notice']) which?: 'document' | 'change_notice';
}

/** A PDF over NATS: its Chinese title and number (for the file name people see), and the bytes. */
export interface PdfDocument {
  title: string;
  documentNo: string;
  /** an ASCII file name for old clients */
  filename: string;
  contentBase64: string;
}

/**
 * One act on the documents of an item: revoked or withdrawn (a licence with its grant decision, by one decision), or
 * superseded by a corrected one (certificate → intake timeline, notification: one SMS per act).
 */
export class DocumentStandingChangedV1 {
  @IsString() caseNo!: string;
  @IsString() itemCode!: string;
  @IsString() itemName!: string;
  /** the documents the act concerns: the licence (role `result`) first */
  @IsArray() documents!: { certificateId: string; no: string; typeName: string; role: DocumentRole }[];
  /** the number of the decision or notice of the act */
  @IsOptional() @IsString() decisionNo?: string;
  @IsIn(['revoked', 'withdrawn', 'superseded']) standing!: Exclude<DocumentStanding, 'valid'>;
  @IsString() reason!: string;
  @IsOptional() @IsString() legalBasis?: string;
  @IsString() at!: string;
  @IsString() by!: string;
  /** the corrected document that replaces it (standing `superseded`) */
  @IsOptional() replacement?: { id: string; no: string; verifyCode: string };
}

export class CollectCertificateRequest extends ByIdRequest {
  @ApiProperty({ example: '张三' }) @IsString() @Length(1, 50) collectorName!: string;
  @ApiProperty() @IsString() @IsResidentId() collectorIdNumber!: string;

  @ApiPropertyOptional({ description: "SHA-256 of the collector's signature image (64 hex characters)" })
  @IsOptional()
  @IsString()
  @Matches(SHA256_HEX, { message: 'signatureSha256 must be 64 hex characters (SHA-256)' })
  signatureSha256?: string;

  @ApiPropertyOptional({ description: 'the signature image itself (base64); the service keeps its SHA-256 only' })
  @IsOptional()
  @IsString()
  @Length(4, SIGNATURE_IMAGE_MAX_BASE64)
  @IsBase64()
  signatureImageBase64?: string;

  @ApiPropertyOptional({ example: 'W01', description: "the window handing over (default: the clerk's own window)" })
  @IsOptional()
  @IsString()
  @Length(1, 20)
  windowNo?: string;
}

export class CertificatesIssuedV1 {
  @IsString() caseNo!: string;
  /** `role` (optional in events written before it was carried): the item's result, or a written decision */
  certificates!: { id: string; no: string; type: string; typeName: string; itemCode: string; verifyCode: string; role?: DocumentRole }[];
  @IsString() issuedAt!: string;
}

export class CertificateCollectedV1 {
  @IsString() caseNo!: string;
  @IsString() certificateId!: string;
  @IsString() no!: string;
  @IsString() collectedAt!: string;
  @IsString() collectedBy!: string;
  @IsBoolean() allDelivered!: boolean;
  /** the window that handed over (领证窗口), when known (not carried before issue 14) */
  @IsOptional() @IsString() windowNo?: string;
}

/** Public check of a result document by the code printed on it (QR code). */
export class VerifyCertificateRequest {
  @ApiProperty({ example: 'K7M2Q9XW4RTB', description: '12 characters printed on the document; letters are case-insensitive' })
  @IsString()
  @Matches(/^[A-Za-z0-9]{12}$/, { message: 'verifyCode must be 12 letters or digits' })
  verifyCode!: string;
}

/** The public answer of a verification: no personal data except the holder's masked name. */
export interface CertificateVerification {
  /** true while the document stands (standing `valid`) */
  valid: boolean;
  /** valid, revoked (撤销), withdrawn (撤回), or superseded by a corrected document (更正) */
  standing: DocumentStanding;
  /** since when it no longer stands */
  standingSince?: string;
  /** the number of the corrected document that replaces it */
  replacedByNo?: string;
  /** 有效期至 */
  validUntil?: string;
  type: string;
  typeName: string;
  no: string;
  /** masked name of the holder (`张*`) */
  holder: string;
  issuedAt: string;
}
