import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { AppError, Events, type CertificateView, type RevokeDocumentRequest } from '@yichuang/contracts';
import { Clock, Idempotency, Outbox } from '@yichuang/platform';
import { Certificate } from '../certificates/certificate.entities.js';
import { agencyOf, certificateView, lockCase, record } from '../certificates/certificate-records.js';
import { issuingDepartment } from './issuing-department.js';
import { CertificateNumbers } from '../certificates/numbering.js';

/**
 * 撤销 (revoke, Art. 69: granted unlawfully, e.g. on a false commitment) or 撤回 (withdraw, Art. 8: the law or the
 * facts changed) a document, by the head of the department that issued it, with the reason and the legal basis. A
 * licence and its written grant decision stand or fall together, so both go. `verify` answers the new standing
 * with its date; the case's timeline and the applicant (SMS, with the rights to reconsideration and litigation)
 * are told through ONE `certificate.standing-changed` per document, in the same transaction.
 */
@Injectable()
export class RevokeDocument {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly idempotency: Idempotency,
    private readonly numbers: CertificateNumbers,
  ) {}

  async execute(req: RevokeDocumentRequest): Promise<CertificateView[]> {
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'certificate.revoke', req, async () => {
        const found = await tx.findOne(Certificate, { where: { id: req.id }, select: { id: true, caseNo: true, departmentCode: true } });
        const actor = issuingDepartment(found, true);
        if (!found) throw AppError.notFound('certificate');
        await lockCase(tx, found.caseNo);
        const doc = await tx.findOneOrFail(Certificate, { where: { id: req.id } });
        if (doc.standing !== 'valid') throw new AppError('INVALID_STATE', `document ${doc.no} is already ${doc.standing}`);
        const together: Certificate['role'][] = doc.role === 'refusal_decision' ? ['refusal_decision'] : ['result', 'grant_decision'];
        const docs = await this.revokeItem(tx, doc.caseNo, doc.itemCode, together, req.kind === 'revoke' ? 'revoked' : 'withdrawn', req.reason, req.legalBasis, actor.username);
        return docs.map((d) => certificateView(d));
      }),
    );
  }

  /**
   * Revoke or withdraw the valid documents of one item of a case that have one of `roles`, in `tx` (the caller
   * holds the case's lock), each with its audit row and its `certificate.standing-changed` event.
   */
  async revokeItem(
    tx: EntityManager,
    caseNo: string,
    itemCode: string,
    roles: Certificate['role'][],
    standing: 'revoked' | 'withdrawn',
    reason: string,
    legalBasis: string,
    by: string,
  ): Promise<Certificate[]> {
    const docs = await tx.find(Certificate, { where: { caseNo, itemCode, role: In(roles), standing: 'valid' } });
    const now = this.clock.now();
    const first = docs[0];
    // one written decision revokes (or withdraws) them all: its own number, counted per agency
    const decisionNo = first
      ? await this.numbers.next(tx, standing === 'revoked' ? 'REVOCATION_DECISION' : 'WITHDRAWAL_DECISION', now, agencyOf(first))
      : null;
    // the licence first: what the applicant is told about
    docs.sort((x, y) => (x.role === 'result' ? 0 : 1) - (y.role === 'result' ? 0 : 1));
    for (const d of docs) {
      const change = { standing, standingSince: now, standingReason: reason, standingBasis: legalBasis, standingBy: by, standingDocumentNo: decisionNo };
      Object.assign(d, change);
      await tx.update(Certificate, { id: d.id }, change);
      await record(tx, d.id, now, by, standing, `${standing === 'revoked' ? '撤销' : '撤回'}（${decisionNo}）：${reason}（依据${legalBasis}）`);
    }
    if (first && decisionNo) {
      await this.outbox.add(tx, Events.documentStandingChanged, {
        caseNo: first.caseNo,
        itemCode: first.itemCode,
        itemName: first.itemName,
        documents: docs.map((d) => ({ certificateId: d.id, no: d.no, typeName: d.typeName, role: d.role })),
        decisionNo,
        standing,
        reason,
        legalBasis,
        at: now.toISOString(),
        by,
      });
    }
    return docs;
  }
}
