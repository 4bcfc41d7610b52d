import { sealedJson } from '@yichuang/platform';
import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { ApplicantSnapshot, ApplicationStatus, CatalogItemView, Channel, DeliveryChoice, PrecheckReply, PrerequisiteProof, ProjectSnapshot, Stage } from '@yichuang/contracts';

export interface WindowReview {
  department: string;
  by: string;
  at: string;
  confirmed: boolean;
  note?: string;
}

/** 申请 an application: one form, one set of materials, for one stage, possibly several items. */
@Entity({ name: 'application' })
export class Application {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) status!: ApplicationStatus;
  @Column({ type: 'text' }) channel!: Channel;
  @Column({ name: 'ticket_no', type: 'text', nullable: true }) ticketNo!: string | null;
  @Column({ type: 'int' }) stage!: Stage;
  /** the catalogue items as they were when the application was made */
  @Column({ type: 'jsonb' }) items!: CatalogItemView[];
  @Column({ name: 'catalog_version', type: 'int' }) catalogVersion!: number;
  /** resident ID numbers masked, each sealed beside it (`idNumberSealed`); the entity sees them whole */
  @Column({ type: 'jsonb', transformer: sealedJson }) applicant!: ApplicantSnapshot;
  @Column({ type: 'jsonb' }) project!: ProjectSnapshot;
  @Column({ name: 'last_precheck', type: 'jsonb', nullable: true }) lastPrecheck!: (PrecheckReply & { at: string; by: string }) | null;
  @Column({ name: 'case_no', type: 'text', nullable: true }) caseNo!: string | null;
  /** submission round: +1 with every supplement; at most one one-time notice per round */
  @Column({ type: 'int', default: 0 }) round!: number;
  @Column({ type: 'jsonb' }) delivery!: DeliveryChoice;
  @Column({ type: 'jsonb', nullable: true }) rejection!: { reason: string; referTo?: string; at: string; by: string } | null;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  /** the day the materials arrived (China date): Art. 32's five working days count from it */
  @Column({ name: 'received_date', type: 'date' }) receivedDate!: string;
  /** 审查: confirmations by the department colleagues at the window */
  @Column({ name: 'window_reviews', type: 'jsonb', default: () => "'[]'" }) windowReviews!: WindowReview[];
  /**
   * Art. 32: the last day for a one-time notice or a decision (five working days after receipt); null until computed
   * (then the sweep computes it). Recomputed when the calendar changes (e.g. a provisional year becomes official).
   */
  @Column({ name: 'notice_due_date', type: 'date', nullable: true }) noticeDueDate!: string | null;
  /** set when the window missed the five working days: accepted by law from this date */
  @Column({ name: 'deemed_accepted_from', type: 'date', nullable: true }) deemedAcceptedFrom!: string | null;
  /** 前置事项 results issued before the system, recorded by the clerk at pre-check */
  @Column({ name: 'prerequisite_proofs', type: 'jsonb', default: () => "'[]'" }) prerequisiteProofs!: PrerequisiteProof[];
}

/** A material received with an application (paper or electronic). */
@Entity({ name: 'application_material' })
export class ApplicationMaterial {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) form!: 'paper' | 'electronic';
  @Column({ name: 'received_at', type: 'timestamptz' }) receivedAt!: Date;
  @Column({ name: 'received_by', type: 'text' }) receivedBy!: string;
}

/** 初审 one pre-check of an application, kept as history. */
@Entity({ name: 'precheck' })
export class Precheck {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ type: 'text' }) status!: 'complete' | 'incomplete';
  @Column({ type: 'jsonb' }) results!: unknown;
  @Column({ type: 'jsonb' }) problems!: unknown;
  @Column({ name: 'checked_by', type: 'text' }) checkedBy!: string;
  @Column({ name: 'checked_at', type: 'timestamptz' }) checkedAt!: Date;
}
