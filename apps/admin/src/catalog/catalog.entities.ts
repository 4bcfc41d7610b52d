import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ItemKind, MaterialView, Stage } from '@yichuang/contracts';

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
}

/** Every change of the catalogue bumps its version; a case keeps the version it was accepted under. */
@Entity({ name: 'catalog_version' })
export class CatalogVersion {
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column({ type: 'text' }) note!: string;
  @Column({ name: 'created_by', type: 'text', default: 'system' }) createdBy!: string;
  @Column({ name: 'item_code', type: 'text', nullable: true }) itemCode!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
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
