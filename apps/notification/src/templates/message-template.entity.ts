import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One saved version of a template's body (短信模板版本). Never changed once written; the highest version is current. */
@Entity({ name: 'message_template' })
export class MessageTemplateVersion {
  @PrimaryColumn({ type: 'text' }) code!: string;
  @PrimaryColumn({ type: 'int' }) version!: number;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'text', nullable: true }) note!: string | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
}
