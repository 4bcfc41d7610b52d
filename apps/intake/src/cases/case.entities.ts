import { sealedJson } from '@yichuang/platform';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ApplicantSnapshot, CaseStatus, ItemKind, ProjectSnapshot, Stage } from '@yichuang/contracts';

export interface CaseItem {
  itemCode: string;
  itemName: string;
  departmentCode: string;
  departmentName: string;
  kind: ItemKind;
  legalDays: number;
  promisedDays: number;
  dueDate: string;
  resultDocument: { type: string; name: string };
  outcome?: 'approve' | 'deny';
  decidedAt?: string;
  decidedBy?: string;
  /** the item's legal basis (catalogue), printed on its result documents */
  legalBasis?: string;
  /** the reviewer's opinion: a grant's conditions, a refusal's reasons */
  opinion?: string;
  /** 告知承诺制: who signed the applicant's commitment letter, when, the scan's SHA-256 */
  commitment?: { signerName: string; signedAt: string; letterSha256?: string };
}

/** 办件 a case: an accepted application, followed by the comprehensive window to the end. */
@Entity({ name: 'case_file' })
export class CaseFile {
  @PrimaryColumn({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'application_id', type: 'uuid', unique: true }) applicationId!: string;
  @Column({ type: 'text' }) status!: CaseStatus;
  @Column({ type: 'int' }) stage!: Stage;
  @Column({ name: 'accepted_at', type: 'timestamptz' }) acceptedAt!: Date;
  @Column({ name: 'accepted_date', type: 'date' }) acceptedDate!: string;
  @Column({ name: 'accepted_by', type: 'text' }) acceptedBy!: string;
  @Column({ name: 'window_no', type: 'text', nullable: true }) windowNo!: string | null;
  /** resident ID numbers masked, each sealed beside it (`idNumberSealed`); the entity sees them whole */
  @Column({ type: 'jsonb', transformer: sealedJson }) applicant!: ApplicantSnapshot;
  @Column({ type: 'jsonb' }) project!: ProjectSnapshot;
  @Column({ type: 'jsonb' }) items!: CaseItem[];
  @Column({ name: 'promised_due_date', type: 'date' }) promisedDueDate!: string;
  @Column({ name: 'catalog_version', type: 'int' }) catalogVersion!: number;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  /** items the applicant asked to receive before the others */
  @Column({ name: 'early_items', type: 'text', array: true, default: () => "'{}'" }) earlyItems!: string[];
}

/** The case's timeline: every step, who and when. */
@Entity({ name: 'case_timeline' })
export class CaseTimelineEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) event!: string;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text', nullable: true }) detail!: string | null;
}
