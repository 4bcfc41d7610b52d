import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MeetingPosition } from '@yichuang/domain';

/** 联审会议: the sections of the department convened on a task, and its conclusion. */
@Entity({ name: 'review_meeting' })
export class ReviewMeeting {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ name: 'task_id', type: 'uuid' }) taskId!: string;
  @Column({ type: 'text' }) topic!: string;
  @Column({ type: 'text', array: true }) sections!: string[];
  @Column({ name: 'convened_by', type: 'text' }) convenedBy!: string;
  @Column({ name: 'convened_at', type: 'timestamptz' }) convenedAt!: Date;
  @Column({ type: 'text', nullable: true }) conclusion!: string | null;
  @Column({ name: 'concluded_by', type: 'text', nullable: true }) concludedBy!: string | null;
  @Column({ name: 'concluded_at', type: 'timestamptz', nullable: true }) concludedAt!: Date | null;
}

/** One section's opinion in a meeting (the last one given counts). */
@Entity({ name: 'review_meeting_opinion' })
export class ReviewMeetingOpinion {
  @PrimaryColumn({ name: 'meeting_id', type: 'uuid' }) meetingId!: string;
  @PrimaryColumn({ type: 'text' }) section!: string;
  @Column({ type: 'text' }) position!: MeetingPosition;
  @Column({ type: 'text' }) opinion!: string;
  @Column({ name: 'given_by', type: 'text' }) givenBy!: string;
  @Column({ name: 'given_at', type: 'timestamptz' }) givenAt!: Date;
}
