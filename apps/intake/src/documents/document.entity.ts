import { sealedJson } from '@yichuang/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DocumentKind } from '@yichuang/contracts';

/** A written, numbered document of the window: the data it states, and its PDF once rendered. */
@Entity({ name: 'document' })
export class IntakeDocument {
  @PrimaryColumn({ type: 'uuid' }) id!: string;
  @Column({ type: 'text' }) kind!: DocumentKind;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ name: 'case_no', type: 'text', nullable: true }) caseNo!: string | null;
  @Column({ type: 'int' }) round!: number;
  @Column({ name: 'document_no', type: 'text', unique: true }) documentNo!: string;
  /** resident ID numbers sealed (`idNumberSealed`); the entity sees them whole */
  @Column({ type: 'jsonb', transformer: sealedJson }) data!: Record<string, unknown>;
  @Column({ type: 'bytea', nullable: true }) pdf!: Buffer | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'created_by', type: 'text' }) createdBy!: string;
}
