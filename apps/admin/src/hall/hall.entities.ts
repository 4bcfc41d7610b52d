import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 科室 a section of a department; joint review meetings (联审会议) convene sections. */
@Entity({ name: 'department_section' })
export class DepartmentSection {
  @PrimaryColumn({ name: 'department_code', type: 'text' }) departmentCode!: string;
  @PrimaryColumn({ type: 'text' }) code!: string;
  /** unique within the department: meetings record sections by name */
  @Column({ type: 'text' }) name!: string;
  @Column({ name: 'head_username', type: 'text', nullable: true }) headUsername!: string | null;
  @Column({ type: 'boolean', default: true }) active!: boolean;
  @Column({ type: 'int', default: 0 }) version!: number;
}

/** 值班 one account on duty at one window on one day (an account is on duty at one window a day). */
@Entity({ name: 'window_duty' })
export class WindowDuty {
  @PrimaryColumn({ name: 'window_no', type: 'text' }) windowNo!: string;
  @PrimaryColumn({ type: 'date' }) day!: string;
  @PrimaryColumn({ type: 'text' }) username!: string;
}
