import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RatingLevel, RectificationStatus } from '@yichuang/contracts';

/** A case known to exist (from case.accepted): only these can be rated. */
@Entity({ name: 'case_ref' })
export class CaseRef {
  @PrimaryColumn({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'window_no', type: 'text', nullable: true }) windowNo!: string | null;
  @Column({ name: 'accepted_at', type: 'timestamptz' }) acceptedAt!: Date;
  /** sha256 of the applicant's phone (SMS replies are matched by it; the phone itself is not kept) */
  @Column({ name: 'phone_hash', type: 'text', nullable: true }) phoneHash!: string | null;
}

/** 好差评 one rating: of a service event (一次一评), or of a whole case (the legacy 一事一评). */
@Entity({ name: 'evaluation' })
export class Evaluation {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  /** unique among ratings without a service event */
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ type: 'text' }) level!: RatingLevel;
  @Column({ type: 'text' }) channel!: string;
  @Column({ name: 'window_no', type: 'text', nullable: true }) windowNo!: string | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  /** 差评: dissatisfied or very dissatisfied */
  @Column({ type: 'boolean' }) bad!: boolean;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'service_event_id', type: 'uuid', nullable: true, unique: true }) serviceEventId!: string | null;
  /** the staff member who entered a paper score sheet */
  @Column({ name: 'entered_by', type: 'text', nullable: true }) enteredBy!: string | null;
  /** the hall's default, applied to an event left unrated */
  @Column({ type: 'boolean', default: false }) defaulted!: boolean;
}

/** 差评整改: a bad review's call-back and rectification record. */
@Entity({ name: 'rectification' })
export class Rectification {
  @PrimaryColumn({ name: 'evaluation_id', type: 'uuid' }) evaluationId!: string;
  @Column({ type: 'text' }) status!: RectificationStatus;
  /** the call-back deadline (Asia/Shanghai date): working days after the review */
  @Column({ name: 'due_date', type: 'date' }) dueDate!: string;
  /** who handles it; assigned later */
  @Column({ type: 'text', nullable: true }) handler!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
