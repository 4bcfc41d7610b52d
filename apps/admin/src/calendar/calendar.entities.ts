import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A year whose holiday data is loaded: computations past the last loaded year are refused. */
@Entity({ name: 'calendar_year' })
export class CalendarYear {
  @PrimaryColumn({ type: 'int' }) year!: number;
  @Column({ type: 'text' }) source!: string;
  @Column({ name: 'loaded_at', type: 'timestamptz', default: () => 'now()' }) loadedAt!: Date;
}

/** A day that is not what its weekday says: a statutory holiday, or a make-up working day (调休). */
@Entity({ name: 'calendar_day' })
export class CalendarDay {
  @PrimaryColumn({ type: 'date' }) date!: string;
  @Column({ type: 'text' }) kind!: 'holiday' | 'makeup_workday';
  @Column({ type: 'text' }) name!: string;
}

@Entity({ name: 'calendar_version' })
export class CalendarVersion {
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column({ type: 'text' }) note!: string;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}
