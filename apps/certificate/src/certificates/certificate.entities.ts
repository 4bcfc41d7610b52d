import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { sealedText } from '@yichuang/platform';
import type { CertificateStatus, DocumentRole, DocumentStanding, ProjectSnapshot } from '@yichuang/contracts';

/**
 * A document issued for a decided item: its result (证照/批文), or a written grant or refusal decision. One original
 * per (case_no, item_code, role); a corrected document is a new row that `replaces` the one it supersedes.
 */
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
  /** personal data: sealed at rest (AES-256-GCM, PII_KEYS), never logged, masked in answers */
  @Column({ name: 'holder_id_sealed', type: 'text', transformer: sealedText }) holderIdNumber!: string;
  /** HMAC-SHA-256 of the holder's number (PII_HMAC_KEY): lookups by number */
  @Column({ name: 'holder_id_hmac', type: 'text' }) holderIdHmac!: string;
  @Column({ type: 'text', unique: true }) no!: string;
  @Column({ name: 'verify_code', type: 'text', unique: true }) verifyCode!: string;
  @Column({ type: 'text' }) status!: CertificateStatus;
  @Column({ name: 'issued_at', type: 'timestamptz' }) issuedAt!: Date;
  @Column({ name: 'collected_at', type: 'timestamptz', nullable: true }) collectedAt!: Date | null;
  @Column({ name: 'collector_name', type: 'text', nullable: true }) collectorName!: string | null;
  /** personal data: sealed at rest, never logged, masked in answers */
  @Column({ name: 'collector_id_sealed', type: 'text', nullable: true, transformer: sealedText }) collectorIdNumber!: string | null;
  @Column({ name: 'collector_id_hmac', type: 'text', nullable: true }) collectorIdHmac!: string | null;
  /** username of the staff member who handed it over */
  @Column({ name: 'collected_by', type: 'text', nullable: true }) collectedBy!: string | null;
  @Column({ name: 'kind', type: 'text', default: 'result' }) role!: DocumentRole;
  /** the issuing agency (the department that decided); null on rows from before it was kept */
  @Column({ name: 'department_name', type: 'text', nullable: true }) departmentName!: string | null;
  @Column({ type: 'jsonb', nullable: true }) project!: ProjectSnapshot | null;
  @Column({ name: 'legal_basis', type: 'text', nullable: true }) legalBasis!: string | null;
  /** a grant's conditions (许可条件) or a refusal's reasons: the reviewer's opinion */
  @Column({ type: 'text', nullable: true }) conditions!: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  /** 有效期至, where a rule of the document type fixes one (RESULT_DOCUMENT_RULES) */
  @Column({ name: 'valid_until', type: 'date', nullable: true }) validUntil!: string | null;
  @Column({ type: 'text', default: 'valid' }) standing!: DocumentStanding;
  @Column({ name: 'standing_since', type: 'timestamptz', nullable: true }) standingSince!: Date | null;
  @Column({ name: 'standing_reason', type: 'text', nullable: true }) standingReason!: string | null;
  @Column({ name: 'standing_basis', type: 'text', nullable: true }) standingBasis!: string | null;
  @Column({ name: 'standing_by', type: 'text', nullable: true }) standingBy!: string | null;
  /** the document this one corrects (更正) */
  @Column({ type: 'uuid', nullable: true }) replaces!: string | null;
  /** the corrected document that superseded this one */
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true }) replacedBy!: string | null;
  /** YYYY-MM-DD: the day the application was made, and accepted (printed on the decisions) */
  @Column({ name: 'application_date', type: 'date', nullable: true }) applicationDate!: string | null;
  @Column({ name: 'accepted_date', type: 'date', nullable: true }) acceptedDate!: string | null;
  /** the number of the decision that revoked or withdrew it, or of the notice of its correction */
  @Column({ name: 'standing_document_no', type: 'text', nullable: true }) standingDocumentNo!: string | null;
}

export const CERTIFICATE_ACTIONS = ['issued', 'collected', 'mailed', 'revoked', 'withdrawn', 'superseded', 'corrected'] as const;
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
