import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ItemFees, ItemKind, MaterialView, Stage, WindowReviewSetting } from '@yichuang/contracts';

/** 部门 a department of the county. */
@Entity({ name: 'department' })
export class Department {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'full_name', type: 'text' }) fullName!: string;
  /** abbreviation used in document numbers, e.g. 新自然资 */
  @Column({ name: 'short_name', type: 'text' }) shortName!: string;
  @Column({ type: 'text' }) phone!: string;
  /** where its business window is (room, floor) */
  @Column({ type: 'text', default: '' }) address!: string;
  /** retired departments keep their history (items, cases) but take no new items or windows */
  @Column({ type: 'boolean', default: true }) active!: boolean;
  /** raised by each edit of the administrator (`expectedVersion`) */
  @Column({ type: 'int', default: 0 }) version!: number;
}

/** 审批事项 an approval item of the catalogue. */
@Entity({ name: 'approval_item' })
export class ApprovalItem {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'int' }) stage!: Stage;
  @Column({ name: 'department_code', type: 'text' }) departmentCode!: string;
  @Column({ type: 'text' }) kind!: ItemKind;
  @Column({ name: 'legal_days', type: 'int' }) legalDays!: number;
  @Column({ name: 'promised_days', type: 'int' }) promisedDays!: number;
  @Column({ name: 'result_document', type: 'jsonb' }) resultDocument!: { type: string; name: string };
  @Column({ name: 'legal_basis', type: 'text', default: '' }) legalBasis!: string;
  /** material codes here are already catalogue-wide: `<itemCode>-<materialCode>` */
  @Column({ type: 'jsonb' }) materials!: MaterialView[];
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt!: Date;
  @Column({ type: 'jsonb', default: () => `'{"free": true}'` }) fees!: ItemFees;
  /** 加大窗口工作授权: delegated — the comprehensive window accepts alone; required — 审查 by the department first */
  @Column({ name: 'window_review', type: 'text', default: 'required' }) windowReview!: WindowReviewSetting;
  /** the day the current state became current (null: since the item was seeded) */
  @Column({ name: 'effective_from', type: 'date', nullable: true }) effectiveFrom!: string | null;
  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true }) retiredAt!: Date | null;
}

/** Every change of the catalogue bumps its version; a case keeps the version it was accepted under. */
@Entity({ name: 'catalog_version' })
export class CatalogVersion {
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column({ type: 'text' }) note!: string;
  @Column({ name: 'created_by', type: 'text', default: 'system' }) createdBy!: string;
  @Column({ name: 'item_code', type: 'text', nullable: true }) itemCode!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'effective_from', type: 'date', nullable: true }) effectiveFrom!: string | null;
}

/** A catalogue change dated in the future, waiting for its day (then applied as a new version), or applied. */
@Entity({ name: 'catalog_change' })
export class CatalogChange {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'item_code', type: 'text' }) itemCode!: string;
  @Column({ type: 'text' }) kind!: 'create' | 'update' | 'retire';
  /** the request as made (create: the whole item; update: the fields changed) */
  @Column({ type: 'jsonb' }) patch!: Record<string, unknown>;
  @Column({ name: 'effective_from', type: 'date' }) effectiveFrom!: string;
  @Column({ type: 'text' }) status!: 'scheduled' | 'applied' | 'failed';
  @Column({ type: 'int', nullable: true }) version!: number | null;
  @Column({ type: 'text' }) note!: string;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'applied_at', type: 'timestamptz', nullable: true }) appliedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) failure!: string | null;
}

/** 窗口 a window of the hall. */
@Entity({ name: 'hall_window' })
export class HallWindow {
  @PrimaryColumn({ type: 'text' }) no!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ type: 'text', array: true }) categories!: string[];
  /** a business window's department */
  @Column({ name: 'department_code', type: 'text', nullable: true }) departmentCode!: string | null;
  @Column({ type: 'int', array: true, default: () => "'{}'" }) stages!: number[];
  @Column({ type: 'text', nullable: true }) location!: string | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ type: 'int', default: 0 }) version!: number;
}
