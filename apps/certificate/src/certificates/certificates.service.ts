import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type CaseDecidedV1,
  type CertificateView,
  type CollectCertificateRequest,
  type EventEnvelope,
} from '@yichuang/contracts';
import { nextGapFree, OnEvent, Outbox, requestContext } from '@yichuang/platform';
import { CERTIFICATE_ENV } from '../tokens.js';
import type { CertificateEnv } from '../config.js';
import { Certificate } from './certificate.entity.js';

const VERIFY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 统一窗口出件: result documents of decided cases, and their hand-over. */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CERTIFICATE_ENV) private readonly env: CertificateEnv,
    private readonly outbox: Outbox,
  ) {}

  /** One certificate per approved item; a duplicate event issues nothing (unique case + item). */
  @OnEvent({ event: Events.caseDecided })
  async onCaseDecided(e: EventEnvelope<CaseDecidedV1>, tx: EntityManager): Promise<void> {
    const issuedAt = new Date(e.data.decidedAt);
    const issued: { id: string; no: string; type: string; typeName: string; itemCode: string; verifyCode: string }[] = [];
    for (const r of e.data.results.filter((x) => x.outcome === 'approve')) {
      const exists = await tx.findOneBy(Certificate, { caseNo: e.data.caseNo, itemCode: r.itemCode });
      if (exists) continue;
      const no = await this.nextNo(tx, r.resultDocument.type, issuedAt);
      const cert = {
        id: randomUUID(),
        caseNo: e.data.caseNo,
        itemCode: r.itemCode,
        itemName: r.itemName,
        type: r.resultDocument.type,
        typeName: r.resultDocument.name,
        holderName: e.data.applicant.name,
        holderIdNumber: e.data.applicant.idNumber,
        no,
        verifyCode: verifyCode(),
        status: 'issued' as const,
        issuedAt,
        collectedAt: null,
        collectorName: null,
        collectorIdNumber: null,
        collectedBy: null,
      };
      await tx.insert(Certificate, cert);
      issued.push({ id: cert.id, no, type: cert.type, typeName: cert.typeName, itemCode: cert.itemCode, verifyCode: cert.verifyCode });
    }
    if (issued.length > 0) {
      await this.outbox.add(tx, Events.certificatesIssued, { caseNo: e.data.caseNo, certificates: issued, issuedAt: issuedAt.toISOString() });
    }
  }

  async listByCase(caseNo: string): Promise<CertificateView[]> {
    const list = await this.ds.getRepository(Certificate).find({ where: { caseNo }, order: { itemCode: 'ASC' } });
    return list.map(view);
  }

  /** Hand-over at the window; 409 when already collected or mailed. */
  async collect(req: CollectCertificateRequest): Promise<CertificateView> {
    const actor = requestContext.actor();
    return this.ds.transaction(async (tx) => {
      const cert = await tx.getRepository(Certificate).findOne({ where: { id: req.id }, lock: { mode: 'pessimistic_write' } });
      if (!cert) throw AppError.notFound('certificate');
      if (cert.status !== 'issued') throw new AppError('ALREADY_COLLECTED', `the certificate is already ${cert.status}`);
      const now = new Date();
      Object.assign(cert, { status: 'collected', collectedAt: now, collectorName: req.collectorName, collectorIdNumber: req.collectorIdNumber, collectedBy: actor?.username ?? 'unknown' });
      await tx.save(cert);
      const pending = await tx.countBy(Certificate, { caseNo: cert.caseNo, status: 'issued' });
      await this.outbox.add(tx, Events.certificateCollected, {
        caseNo: cert.caseNo,
        certificateId: cert.id,
        no: cert.no,
        collectedAt: now.toISOString(),
        collectedBy: actor?.username ?? 'unknown',
        allDelivered: pending === 0,
      });
      return view(cert);
    });
  }

  /** Gap-free per document type and year. */
  private async nextNo(tx: EntityManager, type: string, at: Date): Promise<string> {
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(at));
    const seq = await nextGapFree(tx, 'number_sequence', { doc_type: type, year });
    return this.env.CERTIFICATE_NO_PATTERN.replace('{area}', this.env.AREA_CODE)
      .replace('{year}', String(year))
      .replace('{type}', type)
      .replace('{seq}', String(seq).padStart(5, '0'));
  }
}

function verifyCode(): string {
  return Array.from({ length: 12 }, () => VERIFY_ALPHABET[randomInt(VERIFY_ALPHABET.length)]).join('');
}

function view(c: Certificate): CertificateView {
  return {
    id: c.id,
    no: c.no,
    type: c.type,
    typeName: c.typeName,
    itemCode: c.itemCode,
    caseNo: c.caseNo,
    status: c.status,
    verifyCode: c.verifyCode,
    issuedAt: c.issuedAt.toISOString(),
    ...(c.collectedAt ? { collectedAt: c.collectedAt.toISOString() } : {}),
  };
}
