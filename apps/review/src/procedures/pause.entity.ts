import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Procedure, TaskPauseKind } from '@yichuang/domain';

/**
 * A stop of a task's clock: the calendar days `fromDate`..`toDate`, both inclusive. Open while `endedAt` is
 * null (at most one per task). A pause ended on the day it started covers no day: `toDate` is then the day
 * before `fromDate`, and the pause is left out of the arithmetic.
 */
@Entity({ name: 'task_pause' })
export class TaskPause {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId!: string;
  @Column({ type: 'text' }) kind!: TaskPauseKind;
  @Column({ type: 'text', nullable: true }) procedure!: Procedure | null;
  @Column({ type: 'text' }) reason!: string;
  @Column({ name: 'expected_working_days', type: 'int', nullable: true }) expectedWorkingDays!: number | null;
  /** correction: every item the applicant must supplement */
  @Column({ type: 'jsonb', nullable: true }) items!: { materialCode?: string; description: string }[] | null;
  @Column({ name: 'from_date', type: 'date' }) fromDate!: string;
  @Column({ name: 'to_date', type: 'date', nullable: true }) toDate!: string | null;
  @Column({ name: 'started_by', type: 'text' }) startedBy!: string;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'ended_by', type: 'text', nullable: true }) endedBy!: string | null;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
}
