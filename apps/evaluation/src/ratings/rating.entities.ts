import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RatingLevel, RectificationStatus } from '@yichuang/contracts';

/** A case known to exist (from case.accepted): only these can be rated. */
@Entity({ name: 'case_ref' })
export class CaseRef {
  @PrimaryColumn({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'window_no', type: 'text', nullable: true }) windowNo!: string | null;
  @Column({ name: 'accepted_at', type: 'timestamptz' }) acceptedAt!: Date;
}

/** 好差评 one rating of one case (一事一评). */
@Entity({ name: 'evaluation' })
export class Evaluation {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'case_no', type: 'text', unique: true }) caseNo!: string;
  @Column({ type: 'text' }) level!: RatingLevel;
  @Column({ type: 'text' }) channel!: string;
  @Column({ name: 'window_no', type: 'text', nullable: true }) windowNo!: string | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  /** 差评: dissatisfied or very dissatisfied */
  @Column({ type: 'boolean' }) bad!: boolean;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** 差评整改: a bad review's call-back and rectification record. */
@Entity({ name: 'rectification' })
export class Rectification {
  @PrimaryColumn({ name: 'evaluation_id', type: 'uuid' }) evaluationId!: string;
  @Column({ type: 'text' }) status!: RectificationStatus;
  /** calendar date (Asia/Shanghai) by which the handling unit calls back */
  @Column({ name: 'due_date', type: 'date' }) dueDate!: string;
  /** who handles it; assigned later */
  @Column({ type: 'text', nullable: true }) handler!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
