import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, Events, type CertificateView, type CorrectDocumentRequest } from '@yichuang/contracts';
import { Clock, Idempotency, Outbox } from '@yichuang/platform';
import { Certificate } from '../certificates/certificate.entities.js';
import { agencyOf, certificateView, lockCase, record } from '../certificates/certificate-records.js';
import { CertificateNumbers, newVerifyCode } from '../certificates/numbering.js';
import { issuingDepartment } from './issuing-department.js';

/**
 * 更正: a document with a clerical error (a misspelt name, a wrong location) is replaced by a corrected one with a NEW
 * number (the next of its type) and a new verification code, issued and handed out like any other; the old one
 * answers `superseded` with the date and the new number, and points to it (`replaced_by`), the new one to the old
 * (`replaces`). Only what a clerk can get wrong may change — never the item, the type, the holder's identity number
 * or the decision. By a reviewer of the issuing department; one correction per document (correct the new one again).
 */
@Injectable()
export class CorrectDocument {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly numbers: CertificateNumbers,
    private readonly clock: Clock,
    private readonly idempotency: Idempotency,
  ) {}

  async execute(req: CorrectDocumentRequest): Promise<CertificateView> {
    const c = req.corrections;
    if (![c.holderName, c.projectName, c.projectLocation, c.projectScale, c.conditions].some((x) => typeof x === 'string' && x.trim() !== '')) {
      throw new AppError('VALIDATION_FAILED', 'nothing to correct', [{ field: 'corrections', problem: 'name at least one of holderName, projectName, projectLocation, projectScale, conditions' }]);
    }
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'certificate.correct', req, async () => {
        const found = await tx.findOne(Certificate, { where: { id: req.id }, select: { id: true, caseNo: true, departmentCode: true } });
        const actor = issuingDepartment(found, false);
        if (!found) throw AppError.notFound('certificate');
        await lockCase(tx, found.caseNo);
        const old = await tx.findOneOrFail(Certificate, { where: { id: req.id } });
        if (old.standing !== 'valid') {
          throw new AppError('INVALID_STATE', `document ${old.no} is ${old.standing}${old.standing === 'superseded' ? ': correct the document that replaced it' : ''}`);
        }
        const now = this.clock.now();
        const project = old.project
          ? { ...old.project, ...(c.projectName ? { name: c.projectName } : {}), ...(c.projectLocation ? { location: c.projectLocation } : {}), ...(c.projectScale ? { scale: c.projectScale } : {}) }
          : null;
        const fresh: Certificate = {
          ...old,
          id: randomUUID(),
          no: await this.numbers.next(tx, old.type, now, agencyOf(old)),
          verifyCode: newVerifyCode(),
          holderName: c.holderName ?? old.holderName,
          project,
          conditions: c.conditions ?? old.conditions,
          status: 'issued',
          issuedAt: now,
          collectedAt: null,
          collectorName: null,
          collectorIdNumber: null,
          collectorIdHmac: null,
          collectedBy: null,
          standing: 'valid',
          standingSince: null,
          standingReason: null,
          standingBasis: null,
          standingBy: null,
          replaces: old.id,
          replacedBy: null,
          standingDocumentNo: null,
        };
        await tx.insert(Certificate, fresh);
        const basis = req.legalBasis ?? null;
        const noticeNo = await this.numbers.next(tx, 'CORRECTION_NOTICE', now, agencyOf(old));
        await tx.update(Certificate, { id: old.id }, {
          standing: 'superseded',
          standingSince: now,
          standingReason: req.reason,
          standingBasis: basis,
          standingBy: actor.username,
          replacedBy: fresh.id,
          standingDocumentNo: noticeNo,
        });
        await record(tx, old.id, now, actor.username, 'superseded', `更正：${req.reason}，由${fresh.no}替代`);
        await record(tx, fresh.id, now, actor.username, 'corrected', `更正${old.no}：${req.reason}`);
        await this.outbox.add(tx, Events.documentStandingChanged, {
          caseNo: old.caseNo,
          itemCode: old.itemCode,
          itemName: old.itemName,
          documents: [{ certificateId: old.id, no: old.no, typeName: old.typeName, role: old.role }],
          decisionNo: noticeNo,
          standing: 'superseded',
          reason: req.reason,
          ...(basis ? { legalBasis: basis } : {}),
          at: now.toISOString(),
          by: actor.username,
          replacement: { id: fresh.id, no: fresh.no, verifyCode: fresh.verifyCode },
        });
        return certificateView(fresh, new Map([[old.id, old.no]]));
      }),
    );
  }
}
