import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CertificateStatus } from '@yichuang/contracts';

/** 证照/批文 a result document issued for an approved item. */
@Entity({ name: 'certificate' })
export class Certificate {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'item_code', type: 'text' }) itemCode!: string;
  @Column({ name: 'item_name', type: 'text' }) itemName!: string;
  @Column({ type: 'text' }) type!: string;
  @Column({ name: 'type_name', type: 'text' }) typeName!: string;
  @Column({ name: 'holder_name', type: 'text' }) holderName!: string;
  /** personal data: never logged, masked in answers */
  @Column({ name: 'holder_id_number', type: 'text' }) holderIdNumber!: string;
  @Column({ type: 'text', unique: true }) no!: string;
  @Column({ name: 'verify_code', type: 'text', unique: true }) verifyCode!: string;
  @Column({ type: 'text' }) status!: CertificateStatus;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt!: Date;
  @Column({ name: 'collected_at', type: 'timestamptz', nullable: true }) collectedAt!: Date | null;
  @Column({ name: 'collector_name', type: 'text', nullable: true }) collectorName!: string | null;
  @Column({ name: 'collector_id_number', type: 'text', nullable: true }) collectorIdNumber!: string | null;
  @Column({ name: 'collected_by', type: 'text', nullable: true }) collectedBy!: string | null;
}
