import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@yichuang/contracts';

/** A staff account of the hall (clerks, reviewers, supervisors, administrators). */
@Entity({ name: 'staff_account' })
export class StaffAccount {
  @PrimaryColumn({ type: 'text' }) username!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  /** scrypt: `scrypt$<salt hex>$<hash hex>` */
  @Column({ name: 'password_hash', type: 'text' }) passwordHash!: string;
  @Column({ type: 'text', array: true }) roles!: Role[];
  @Column({ name: 'department_code', type: 'text', nullable: true }) departmentCode!: string | null;
  @Column({ name: 'window_no', type: 'text', nullable: true }) windowNo!: string | null;
  @Column({ type: 'text' }) phone!: string;
  @Column({ type: 'boolean', default: true }) active!: boolean;
}
