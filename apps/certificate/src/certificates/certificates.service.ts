import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  AppError,
  Events,
  type CaseDecidedV1,
  type ItemReleasedV1,
  type CertificatesIssuedV1,
  type CertificateVerification,
  type CertificateView,
  type EventEnvelope,
} from '@yichuang/contracts';
import { isResultDocumentType, maskIdNumber, maskName } from '@yichuang/domain';
import { Clock, OnEvent, Outbox } from '@yichuang/platform';
import { Certificate, CertificateEvent, type CertificateAction } from './certificate.entities.js';
import { CertificateNumbers, newVerifyCode } from './numbering.js';

type DecidedResult = CaseDecidedV1['results'][number];

/** 统一窗口出件: the result documents (证照/批文) of decided cases, and their hand-over at the window. */
@Injectable()
export class CertificatesService {
  private readonly logger = new Logger('Certificates');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: Outbox,
    private readonly numbers: CertificateNumbers,
    private readonly clock: Clock,
  ) {}

  /**
   * A decided case: one certificate per approved item (none for a refusal), numbered gap-free per
   * document type and year, and ONE `certificatesIssued` event listing them — all in the consumer's
   * transaction. An item that already has its certificate (a duplicate or repeated decision) gets no second one.
   */
  @OnEvent({ event: Events.caseDecided })
  async onCaseDecided(e: EventEnvelope<CaseDecidedV1>, tx: EntityManager): Promise<void> {
    await this.issue(e.data, tx);
  }

  /** An item the applicant asked for early: issued now; the case's decision later skips it. */
  @OnEvent({ event: Events.itemReleased })
  async onItemReleased(e: EventEnvelope<ItemReleasedV1>, tx: EntityManager): Promise<void> {
    await this.issue(e.data, tx);
  }

  /** One certificate per approved item not issued yet, one `certificate.issued` event for them. */
  private async issue(data: CaseDecidedV1, tx: EntityManager): Promise<void> {
    const e = { data };
    const { caseNo } = e.data;
    const approved = (e.data.results ?? []).filter((r) => r?.outcome === 'approve');
    if (approved.length === 0) return;
    for (const r of approved) assertIssuable(caseNo, r);
    if (typeof e.data.applicant?.name !== 'string' || typeof e.data.applicant.idNumber !== 'string') {
      throw new Error(`case ${caseNo}: the decision carries no applicant to issue to`);
    }
    // one issuer per case at a time (another copy of the decision, a collection), so "already issued" is true
    await lockCase(tx, caseNo);
    const existing = new Set((await tx.find(Certificate, { where: { caseNo }, select: { itemCode: true } })).map((c) => c.itemCode));
    const toIssue = [...new Map(approved.filter((r) => !existing.has(r.itemCode)).map((r) => [r.itemCode, r])).values()]
      // counters are locked in one global order (type, then item), so two issuers never deadlock
      .sort((a, b) => cmp(a.resultDocument.type, b.resultDocument.type) || cmp(a.itemCode, b.itemCode));
    if (toIssue.length === 0) return;

    const decidedAt = new Date(e.data.decidedAt);
    const issuedAt = Number.isNaN(decidedAt.getTime()) ? this.clock.now() : decidedAt;
    const issued: CertificatesIssuedV1['certificates'] = [];
    for (const r of toIssue) {
      const cert: Certificate = {
        id: randomUUID(),
        caseNo,
        itemCode: r.itemCode,
        itemName: r.itemName,
        departmentCode: r.departmentCode ?? null,
        type: r.resultDocument.type,
        typeName: r.resultDocument.name,
        holderName: e.data.applicant.name,
        holderIdNumber: e.data.applicant.idNumber,
        no: await this.numbers.next(tx, r.resultDocument.type, issuedAt),
        verifyCode: newVerifyCode(),
        status: 'issued',
        issuedAt,
        collectedAt: null,
        collectorName: null,
        collectorIdNumber: null,
        collectedBy: null,
      };
      await tx.insert(Certificate, cert);
      await record(tx, cert.id, issuedAt, 'system', 'issued', `出具${cert.typeName}（${cert.no}）`);
      issued.push({ id: cert.id, no: cert.no, type: cert.type, typeName: cert.typeName, itemCode: cert.itemCode, verifyCode: cert.verifyCode });
    }
    await this.outbox.add(tx, Events.certificatesIssued, { caseNo, certificates: issued, issuedAt: issuedAt.toISOString() });
    this.logger.log(`case ${caseNo}: issued ${issued.map((c) => c.no).join(', ')}`);
  }

  async listByCase(caseNo: string): Promise<CertificateView[]> {
    const list = await this.ds.getRepository(Certificate).find({ where: { caseNo }, order: { itemCode: 'ASC' } });
    return list.map(view);
  }

  // 领证 (hand-over at the window, with the collector's identity checked) lives in ../pickup/hand-over.ts

  /** Public check of a document by its printed code: type, number, date and the holder's masked name. */
  async verify(verifyCode: string): Promise<CertificateVerification> {
    const cert = await this.ds.getRepository(Certificate).findOneBy({ verifyCode: verifyCode.toUpperCase() });
    if (!cert) throw AppError.notFound('certificate');
    return {
      valid: true,
      type: cert.type,
      typeName: cert.typeName,
      no: cert.no,
      holder: maskName(cert.holderName),
      issuedAt: cert.issuedAt.toISOString(),
    };
  }
}

/** A transaction-scoped lock on one case's certificates: issuing and collecting of a case take turns. */
async function lockCase(tx: EntityManager, caseNo: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`certificate:case:${caseNo}`]);
}

async function record(tx: EntityManager, certificateId: string, at: Date, actor: string, action: CertificateAction, note: string | null): Promise<void> {
  await tx.insert(CertificateEvent, { certificateId, at, actor, action, note });
}

/**
 * An approved result must name its item and a document type the numbering knows (one with a Chinese code); a
 * decision that does not is retried (and parked in dead_letter after the consumer's attempts), never half-issued.
 */
function assertIssuable(caseNo: string, r: DecidedResult): void {
  const ok =
    typeof r.itemCode === 'string' &&
    r.itemCode.length > 0 &&
    typeof r.itemName === 'string' &&
    typeof r.resultDocument?.type === 'string' &&
    r.resultDocument.type.length > 0 &&
    typeof r.resultDocument.name === 'string';
  if (!ok) throw new Error(`case ${caseNo}: an approved result lacks its item code or result document`);
  if (!isResultDocumentType(r.resultDocument.type)) {
    throw new Error(`case ${caseNo}: result document type ${r.resultDocument.type} of ${r.itemCode} has no number code (RESULT_DOCUMENT_TYPES)`);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function view(c: Certificate): CertificateView {
  return {
    id: c.id,
    no: c.no,
    type: c.type,
    typeName: c.typeName,
    itemCode: c.itemCode,
    itemName: c.itemName,
    caseNo: c.caseNo,
    status: c.status,
    verifyCode: c.verifyCode,
    issuedAt: c.issuedAt.toISOString(),
    holderName: c.holderName,
    holderIdNumber: maskIdNumber(c.holderIdNumber),
    ...(c.collectedAt ? { collectedAt: c.collectedAt.toISOString() } : {}),
    ...(c.collectorName ? { collectorName: c.collectorName } : {}),
    ...(c.collectorIdNumber ? { collectorIdNumber: maskIdNumber(c.collectorIdNumber) } : {}),
    ...(c.collectedBy ? { collectedBy: c.collectedBy } : {}),
  };
}
