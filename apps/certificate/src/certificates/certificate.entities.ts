import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { CertificateStatus } from '@yichuang/contracts';

/** 证照/批文 a result document issued for an approved item. One per (case_no, item_code). */
@Entity({ name: 'certificate' })
export class Certificate {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'item_code', type: 'text' }) itemCode!: string;
  @Column({ name: 'item_name', type: 'text' }) itemName!: string;
  /** the department that decided the item (keeps and hands out its results); null on rows from before it was kept */
  @Column({ name: 'department_code', type: 'text', nullable: true }) departmentCode!: string | null;
  /** document type of the catalogue item (`CONSTRUCTION_PERMIT`): the numbering sequence */
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
  /** personal data: never logged, masked in answers */
  @Column({ name: 'collector_id_number', type: 'text', nullable: true }) collectorIdNumber!: string | null;
  /** username of the staff member who handed it over */
  @Column({ name: 'collected_by', type: 'text', nullable: true }) collectedBy!: string | null;
}

export const CERTIFICATE_ACTIONS = ['issued', 'collected', 'mailed'] as const;
export type CertificateAction = (typeof CERTIFICATE_ACTIONS)[number];

/** Every state change of a certificate: who, when, what (never personal numbers in `note`). */
@Entity({ name: 'certificate_event' })
export class CertificateEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'certificate_id', type: 'uuid' }) certificateId!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  /** a staff username, or `system` */
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) action!: CertificateAction;
  @Column({ type: 'text', nullable: true }) note!: string | null;
}
