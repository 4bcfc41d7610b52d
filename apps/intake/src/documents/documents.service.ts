import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, type CaseDocumentView, type DocumentKind, type DocumentReply, type GetDocumentRequest } from '@yichuang/contracts';
import {
  renderAcceptanceNotice,
  renderOneTimeNotice,
  renderRejectionDecision,
  renderSpecialProcedureNotice,
  type SpecialProcedureNoticeData,
  type AcceptanceNoticeData,
  type HallInfo,
  type OneTimeNoticeData,
  type RejectionDecisionData,
} from '@yichuang/documents';
import { nextGapFree, sealPii } from '@yichuang/platform';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';
import { IntakeDocument } from './document.entity.js';

const FILENAMES: Record<DocumentKind, string> = {
  one_time_notice: 'one-time-notice',
  acceptance_notice: 'acceptance-notice',
  rejection_decision: 'rejection-decision',
  special_procedure_notice: 'special-procedure-notice',
};

/**
 * Numbers and keeps the window's written documents. The data is fixed when the document is issued (in the
 * issuing transaction); the PDF is rendered from it on first request and kept, so printing it again gives
 * the same document, and issuing stays fast.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
  ) {}

  hall(): HallInfo {
    return { agency: this.env.HALL_AGENCY, address: this.env.HALL_ADDRESS, phone: this.env.HALL_PHONE, website: this.env.HALL_WEBSITE };
  }

  async nextNumber(tx: EntityManager, kind: DocumentKind, year: number): Promise<string> {
    const pattern = {
      one_time_notice: this.env.NOTICE_NO_PATTERN,
      acceptance_notice: this.env.ACCEPTANCE_NO_PATTERN,
      rejection_decision: this.env.REJECTION_NO_PATTERN,
      special_procedure_notice: this.env.SPECIAL_NOTICE_NO_PATTERN,
    }[kind];
    const seq = await nextGapFree(tx, 'document_sequence', { kind, year });
    return pattern.replace('{year}', String(year)).replace('{seq}', String(seq));
  }

  async record(
    tx: EntityManager,
    d: { kind: DocumentKind; applicationId: string; caseNo?: string; round: number; documentNo: string; data: object; by: string; at: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO document (id, kind, application_id, case_no, round, document_no, data, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [randomUUID(), d.kind, d.applicationId, d.caseNo ?? null, d.round, d.documentNo, JSON.stringify(sealPii(d.data)), d.at, d.by],
    );
  }

  async noticeOfRound(tx: EntityManager, applicationId: string, round: number): Promise<IntakeDocument | null> {
    return tx.findOneBy(IntakeDocument, { applicationId, round, kind: 'one_time_notice' });
  }

  async list(m: EntityManager, applicationId: string, kind: DocumentKind): Promise<IntakeDocument[]> {
    return m.find(IntakeDocument, { where: { applicationId, kind }, order: { createdAt: 'ASC' } });
  }

  /** The documents of a case (its acceptance notice, its special-procedure notices), oldest first. */
  async ofCase(caseNo: string): Promise<CaseDocumentView[]> {
    const docs = await this.ds.getRepository(IntakeDocument).find({ where: { caseNo }, order: { createdAt: 'ASC' }, select: { kind: true, documentNo: true, createdAt: true } });
    return docs.map((d) => ({ kind: d.kind, documentNo: d.documentNo, issuedAt: d.createdAt.toISOString() }));
  }

  /** The document of that number, or the latest of a kind for an application or a case, as PDF. */
  async get(req: GetDocumentRequest): Promise<DocumentReply> {
    if (!req.applicationId && !req.caseNo) throw new AppError('VALIDATION_FAILED', 'applicationId or caseNo is required');
    const doc = await this.ds.getRepository(IntakeDocument).findOne({
      where: {
        kind: req.kind,
        ...(req.applicationId ? { applicationId: req.applicationId } : {}),
        ...(req.caseNo ? { caseNo: req.caseNo } : {}),
        ...(req.documentNo ? { documentNo: req.documentNo } : {}),
      },
      order: { createdAt: 'DESC' },
    });
    if (!doc) throw AppError.notFound('document');
    if (!doc.pdf) {
      doc.pdf = await this.render(doc);
      await this.ds.getRepository(IntakeDocument).update({ id: doc.id }, { pdf: doc.pdf });
    }
    return { kind: doc.kind, documentNo: doc.documentNo, filename: `${FILENAMES[doc.kind]}-${doc.caseNo ?? doc.applicationId}.pdf`, contentBase64: doc.pdf.toString('base64') };
  }

  private render(doc: IntakeDocument): Promise<Buffer> {
    switch (doc.kind) {
      case 'one_time_notice':
        return renderOneTimeNotice(doc.data as unknown as OneTimeNoticeData);
      case 'acceptance_notice':
        return renderAcceptanceNotice(doc.data as unknown as AcceptanceNoticeData);
      case 'rejection_decision':
        return renderRejectionDecision(doc.data as unknown as RejectionDecisionData);
      case 'special_procedure_notice':
        return renderSpecialProcedureNotice(doc.data as unknown as SpecialProcedureNoticeData);
    }
  }
}
