import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import type { CertificateStatus, CollectorCapacity } from '@yichuang/domain';
import { SHA256_HEX, SIGNATURE_IMAGE_MAX_BASE64 } from './delivery.js';
import { ByIdRequest } from './common.js';
import { IsResidentId } from './validators.js';

export type { CertificateStatus };

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
  /** in which capacity the collector took it (申请人本人, 法定代表人, 联系人, 委托代理人) */
  collectorCapacity?: CollectorCapacity;
  /** the hand-over record (and its receipt) */
  handoverId?: string;
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
  certificates!: { id: string; no: string; type: string; typeName: string; itemCode: string; verifyCode: string }[];
  @IsString() issuedAt!: string;
}

export class CertificateCollectedV1 {
  @IsString() caseNo!: string;
  @IsString() certificateId!: string;
  @IsString() no!: string;
  @IsString() collectedAt!: string;
  @IsString() collectedBy!: string;
  @IsBoolean() allDelivered!: boolean;
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
  /** true while the document stands (there is no revocation yet: every issued document is valid) */
  valid: boolean;
  type: string;
  typeName: string;
  no: string;
  /** masked name of the holder (`张*`) */
  holder: string;
  issuedAt: string;
}
