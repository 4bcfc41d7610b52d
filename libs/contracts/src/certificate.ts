import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Length } from 'class-validator';
import { ByIdRequest } from './common.js';
import { IsResidentId } from './validators.js';

export type CertificateStatus = 'issued' | 'collected' | 'mailed';

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
}

export class CollectCertificateRequest extends ByIdRequest {
  @ApiProperty({ example: '张三' }) @IsString() @Length(1, 50) collectorName!: string;
  @ApiProperty() @IsString() @IsResidentId() collectorIdNumber!: string;
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
