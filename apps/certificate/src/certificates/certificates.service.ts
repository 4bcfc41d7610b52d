import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, type CertificateVerification, type CertificateView } from '@yichuang/contracts';
import { maskName } from '@yichuang/domain';
import { Certificate } from './certificate.entities.js';
import { certificateView, linkedNumbers } from './certificate-records.js';

/**
 * 统一窗口出件: the documents of decided cases (issued by `issuance/`, handed over or mailed by `pickup/` and
 * `mailing/`), and their public verification.
 */
@Injectable()
export class CertificatesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async listByCase(caseNo: string): Promise<CertificateView[]> {
    const list = await this.ds.getRepository(Certificate).find({ where: { caseNo }, order: { itemCode: 'ASC', issuedAt: 'ASC', no: 'ASC' } });
    const numbers = await linkedNumbers(this.ds.manager, list);
    return list.map((c) => certificateView(c, numbers));
  }

  // 领证 (hand-over at the window, with the collector's identity checked) lives in ../pickup/hand-over.ts

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
