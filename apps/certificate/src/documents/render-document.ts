import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, type CertificatePdfRequest, type PdfDocument } from '@yichuang/contracts';
import {
  renderCertificateChangeNotice,
  renderDenialDecision,
  renderGrantDecision,
  renderResultDocument,
  type ApplicationRef,
  type Remedies,
  type Validity,
} from '@yichuang/documents';
import { chinaToday, DELIVERY_METHOD_TEXT, isResultDocumentType, LICENSING_DOCUMENT_KIND_TEXT } from '@yichuang/domain';
import { requireActor } from '@yichuang/platform';
import { Certificate } from '../certificates/certificate.entities.js';
import { CERTIFICATE_ENV } from '../tokens.js';
import type { CertificateEnv } from '../config.js';

/** What a refusal rests on when the catalogue gave no clause of its own. */
const REFUSAL_CLAUSE = '《中华人民共和国行政许可法》第三十八条第二款';

/**
 * The printable document (PDF) of an issued document, drawn by libs/documents from what the certificate service
 * stored: a result (证照/批文) in its type's layout, a 准予 or 不予行政许可决定书, or — for a document that no longer
 * stands — the decision that revoked or withdrew it, or the notice of its correction. Rendered on demand: the same
 * document always gives the same bytes (the file's dates are the document's), so nothing needs storing. Every
 * document carries a QR code to its public verification (`VERIFY_URL_BASE`).
 */
@Injectable()
export class RenderDocument {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CERTIFICATE_ENV) private readonly env: CertificateEnv,
  ) {}

  async execute(req: CertificatePdfRequest): Promise<PdfDocument> {
    const actor = requireActor('clerk', 'reviewer', 'supervisor', 'applicant');
    const doc = await this.ds.getRepository(Certificate).findOneBy({ id: req.id });
    // a reviewer sees the documents of the own department only; another's do not exist for them; the applicant
    // (portal token) the decisions (准予/不予行政许可决定书) of their own case — the result itself is handed over
    const staff = actor.roles.some((r) => r === 'clerk' || r === 'supervisor');
    const applicant = actor.roles.includes('applicant');
    if (!doc) throw AppError.notFound('certificate');
    if (applicant ? doc.caseNo !== actor.caseNo || doc.role === 'result' : !staff && doc.departmentCode !== actor.department) throw AppError.notFound('certificate');
    if (req.which === 'change_notice') return this.changeNotice(doc);
    const content = await this.document(doc);
    return pdf(doc.typeName, doc.no, content);
  }

  private async document(d: Certificate): Promise<Buffer> {
    const issueDate = chinaToday(d.issuedAt);
    const verification = { code: d.verifyCode, url: `${this.env.VERIFY_URL_BASE.replace(/\/+$/, '')}/${d.verifyCode}` };
    const holder = { name: d.holderName, idNumber: d.holderIdNumber };
    const project = { code: d.project?.code ?? '', name: d.project?.name ?? d.itemName, location: d.project?.location ?? '' };
    const issuer = { name: d.departmentName ?? this.env.HALL_AGENCY };
    const conditions = d.conditions ? [d.conditions] : [];
    const validity: Validity | undefined = d.validUntil ? { from: issueDate, to: d.validUntil } : undefined;
    if (d.role === 'result') {
      if (!isResultDocumentType(d.type)) throw new AppError('UNPROCESSABLE', `no layout for document type ${d.type}`);
      return renderResultDocument({
        type: d.type,
        title: d.typeName,
        documentNo: d.no,
        issueDate,
        issuer,
        holder,
        project,
        ...(d.project?.scale ? { scale: d.project.scale } : {}),
        ...(conditions.length ? { conditions } : {}),
        ...(validity ? { validity } : {}),
        legalBasis: d.legalBasis ?? '',
        verification,
        caseNo: d.caseNo,
      });
    }
    const ref: ApplicationRef = {
      issuer,
      documentNo: d.no,
      applicant: holder,
      item: d.itemName,
      project,
      caseNo: d.caseNo,
      applicationDate: d.applicationDate ?? d.acceptedDate ?? issueDate,
      ...(d.acceptedDate ? { acceptedDate: d.acceptedDate } : {}),
      verification,
    };
    const decisionDate = d.decidedAt ? chinaToday(d.decidedAt) : issueDate;
    if (d.role === 'grant_decision') {
      // the licence the decision grants: the item's result document
      const results = await this.ds.getRepository(Certificate).find({ where: { caseNo: d.caseNo, itemCode: d.itemCode, role: 'result' }, order: { issuedAt: 'DESC' } });
      const result = results.find((r) => r.replacedBy === null) ?? results[0];
      return renderGrantDecision({
        ...ref,
        decisionDate,
        legalBasis: d.legalBasis ?? '',
        results: result ? [{ name: result.typeName, documentNo: result.no }] : [],
        ...(conditions.length ? { conditions } : {}),
        ...(result?.validUntil ? { validity: { from: chinaToday(result.issuedAt), to: result.validUntil } } : {}),
        delivery: `${DELIVERY_METHOD_TEXT.pickup}或${DELIVERY_METHOD_TEXT.ems}`,
        remedies: this.remedies(),
      });
    }
    return renderDenialDecision({ ...ref, decisionDate, reasons: conditions.length ? conditions : ['申请不符合法定条件、标准。'], legalClause: d.legalBasis ?? REFUSAL_CLAUSE, remedies: this.remedies() });
  }

  private async changeNotice(d: Certificate): Promise<PdfDocument> {
    if (d.standing === 'valid' || !d.standingDocumentNo || !d.standingSince) throw new AppError('NOT_FOUND', `document ${d.no} stands: there is no decision or notice about it`);
    const kind = d.standing === 'revoked' ? 'revoke' : d.standing === 'withdrawn' ? 'withdraw' : 'correct';
    const replacement = d.replacedBy ? await this.ds.getRepository(Certificate).findOne({ where: { id: d.replacedBy }, select: { no: true, typeName: true } }) : null;
    const content = await renderCertificateChangeNotice({
      kind,
      issuer: { name: d.departmentName ?? this.env.HALL_AGENCY },
      documentNo: d.standingDocumentNo,
      holder: { name: d.holderName, idNumber: d.holderIdNumber },
      document: { name: d.typeName, documentNo: d.no, issueDate: chinaToday(d.issuedAt) },
      date: chinaToday(d.standingSince),
      reason: d.standingReason ?? '',
      legalBasis: d.standingBasis ?? '',
      ...(replacement ? { replacement: { name: replacement.typeName, documentNo: replacement.no } } : {}),
      ...(kind === 'correct' ? {} : { remedies: this.remedies() }),
    });
    const title = LICENSING_DOCUMENT_KIND_TEXT[kind === 'revoke' ? 'revocation_decision' : kind === 'withdraw' ? 'withdrawal_decision' : 'correction_notice'];
    return pdf(title, d.standingDocumentNo, content);
  }

  private remedies(): Remedies {
    return { reconsiderationBody: this.env.RECONSIDERATION_BODY, court: this.env.LITIGATION_COURT };
  }
}

function pdf(title: string, documentNo: string, content: Buffer): PdfDocument {
  return { title, documentNo, filename: `document-${documentNo.replace(/[^A-Za-z0-9]+/g, '') || 'pdf'}.pdf`, contentBase64: content.toString('base64') };
}
