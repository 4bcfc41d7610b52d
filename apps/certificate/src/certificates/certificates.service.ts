import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, Events, type CertificateVerification, type CertificateView, type CollectCertificateRequest } from '@yichuang/contracts';
import { DELIVERY_METHOD_TEXT, maskName } from '@yichuang/domain';
import { Clock, Idempotency, Outbox, requireActor } from '@yichuang/platform';
import { Certificate } from './certificate.entities.js';
import { certificateView, linkedNumbers, lockCase, record } from './certificate-records.js';

/**
 * 统一窗口出件: the documents of decided cases (issued by `issuance/`), their hand-over at the window, and their
 * public verification.
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly idempotency: Idempotency,
    private readonly clock: Clock,
  ) {}

  async listByCase(caseNo: string): Promise<CertificateView[]> {
    const list = await this.ds.getRepository(Certificate).find({ where: { caseNo }, order: { itemCode: 'ASC', issuedAt: 'ASC', no: 'ASC' } });
    const numbers = await linkedNumbers(this.ds.manager, list);
    return list.map((c) => certificateView(c, numbers));
  }

  /**
   * Hand-over at the window (领证): `issued → collected`, once. Collections of one case are serialised,
   * so exactly one of them sees the case fully delivered (`allDelivered`).
   */
  async collect(req: CollectCertificateRequest): Promise<CertificateView> {
    const actor = requireActor('clerk', 'reviewer');
    const collectorName = req.collectorName.trim();
    if (collectorName.length === 0) {
      throw new AppError('VALIDATION_FAILED', '1 problem(s) in the request', [{ field: 'collectorName', problem: 'collectorName must not be blank' }]);
    }
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'certificate.collect', req, async () => {
        const found = await tx.findOne(Certificate, { where: { id: req.id }, select: { id: true, caseNo: true, departmentCode: true } });
        // a reviewer hands out only their own department's results; another's do not exist for them
        const mayHandOver = actor.roles.includes('clerk') || (found !== null && found.departmentCode !== null && found.departmentCode === actor.department);
        if (!found || !mayHandOver) throw AppError.notFound('certificate');
        await lockCase(tx, found.caseNo);
        const cert = await tx.getRepository(Certificate).findOne({ where: { id: req.id }, lock: { mode: 'pessimistic_write' } });
        if (!cert) throw AppError.notFound('certificate');
        if (cert.status !== 'issued') throw new AppError('ALREADY_COLLECTED', `certificate ${cert.no} is already ${cert.status}`);
        if (cert.standing !== 'valid') throw new AppError('INVALID_STATE', `document ${cert.no} is ${cert.standing}: it is not handed out`);

        const now = this.clock.now();
        cert.status = 'collected';
        cert.collectedAt = now;
        cert.collectorName = collectorName;
        cert.collectorIdNumber = req.collectorIdNumber.toUpperCase();
        cert.collectedBy = actor.username;
        await tx.update(
          Certificate,
          { id: cert.id },
          { status: cert.status, collectedAt: now, collectorName: cert.collectorName, collectorIdNumber: cert.collectorIdNumber, collectedBy: cert.collectedBy },
        );
        await record(tx, cert.id, now, actor.username, 'collected', `${DELIVERY_METHOD_TEXT.pickup}，领取人${maskName(collectorName)}`);
        const pending = await tx.countBy(Certificate, { caseNo: cert.caseNo, status: 'issued', standing: 'valid' });
        await this.outbox.add(tx, Events.certificateCollected, {
          caseNo: cert.caseNo,
          certificateId: cert.id,
          no: cert.no,
          collectedAt: now.toISOString(),
          collectedBy: actor.username,
          allDelivered: pending === 0,
        });
        return certificateView(cert);
      }),
    );
  }

  /** Public check of a document by its printed code: type, number, date and the holder's masked name. */
  async verify(verifyCode: string): Promise<CertificateVerification> {
    const cert = await this.ds.getRepository(Certificate).findOneBy({ verifyCode: verifyCode.toUpperCase() });
    if (!cert) throw AppError.notFound('certificate');
    const replacement = cert.replacedBy ? await this.ds.getRepository(Certificate).findOne({ where: { id: cert.replacedBy }, select: { no: true } }) : null;
    return {
      valid: cert.standing === 'valid',
      standing: cert.standing,
      ...(cert.standingSince ? { standingSince: cert.standingSince.toISOString() } : {}),
      ...(replacement ? { replacedByNo: replacement.no } : {}),
      ...(cert.validUntil ? { validUntil: cert.validUntil } : {}),
      type: cert.type,
      typeName: cert.typeName,
      no: cert.no,
      holder: maskName(cert.holderName),
      issuedAt: cert.issuedAt.toISOString(),
    };
  }
}
