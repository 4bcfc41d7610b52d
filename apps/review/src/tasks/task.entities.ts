import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { Outcome, TaskKind, TaskStatus } from '@yichuang/contracts';

/** 审批任务 one item of a case, reviewed by its department. */
@Entity({ name: 'review_task' })
export class ReviewTask {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'case_no', type: 'text' }) caseNo!: string;
  @Column({ name: 'item_code', type: 'text' }) itemCode!: string;
  @Column({ name: 'item_name', type: 'text' }) itemName!: string;
  @Column({ name: 'department_code', type: 'text' }) departmentCode!: string;
  @Column({ name: 'department_name', type: 'text' }) departmentName!: string;
  /** the review of a promised item, or the follow-up check (事后核查) of a notify-and-commit item */
  @Column({ type: 'text', default: 'review' }) kind!: TaskKind;
  @Column({ name: 'promised_days', type: 'int' }) promisedDays!: number;
  /** the clock starts counting the working day after this date */
  @Column({ name: 'start_date', type: 'date' }) startDate!: string;
  @Column({ name: 'due_date', type: 'date' }) dueDate!: string;
  @Column({ type: 'text' }) status!: TaskStatus;
  @Column({ type: 'text', nullable: true }) assignee!: string | null;
  @Column({ type: 'text', nullable: true }) outcome!: Outcome | null;
  @Column({ type: 'text', nullable: true }) opinion!: string | null;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy!: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Every step on a task: who, when, what (the task's record). */
@Entity({ name: 'task_action' })
export class TaskAction {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq!: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId!: string;
  @Column({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'text' }) actor!: string;
  @Column({ type: 'text' }) action!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
}
