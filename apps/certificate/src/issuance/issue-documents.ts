import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Events, type CaseDecidedV1, type CertificatesIssuedV1, type DecidedResult, type DocumentRole, type EventEnvelope, type ItemReleasedV1 } from '@yichuang/contracts';
import { addDays, addMonths, chinaToday, isResultDocumentType, RESULT_DOCUMENT_RULES, type IssuedDocumentType, type ResultDocumentType } from '@yichuang/domain';
import { Clock, OnEvent, openPii, Outbox, piiCipher } from '@yichuang/platform';
import { Certificate } from '../certificates/certificate.entities.js';
import { lockCase, record } from '../certificates/certificate-records.js';
import { CertificateNumbers, newVerifyCode } from '../certificates/numbering.js';

/** One document to issue for a decided item. */
interface Planned {
  result: DecidedResult;
  role: DocumentRole;
  type: IssuedDocumentType;
  typeName: string;
}

/**
 * 统一窗口出件 — drawing up the documents of decided items: for a grant, the item's result document (证照/批文) of the
 * catalogue's type, and a written 准予行政许可决定书 beside it where the result is a licence (许可证: the rule of the
 * type); for a refusal, the 不予行政许可决定书 with the reviewer's reasons (Art. 38). Each carries what its type
 * prints — holder, project, issuing agency, legal basis, conditions or reasons, validity — and a number gap-free per
 * type and year. A document that exists (a repeated decision, the case's decision after an item released early) is
 * not issued twice: originals are unique per (case, item, role).
 */
@Injectable()
export class IssueDocuments {
  private readonly logger = new Logger('IssueDocuments');

  constructor(
    private readonly outbox: Outbox,
    private readonly numbers: CertificateNumbers,
    private readonly clock: Clock,
  ) {}

  @OnEvent({ event: Events.caseDecided })
  async onCaseDecided(e: EventEnvelope<CaseDecidedV1>, tx: EntityManager): Promise<void> {
    await this.execute(tx, e.data);
  }

  /** An item the applicant asked for early: issued now; the case's decision later skips it. */
  @OnEvent({ event: Events.itemReleased })
  async onItemReleased(e: EventEnvelope<ItemReleasedV1>, tx: EntityManager): Promise<void> {
    await this.execute(tx, e.data);
  }

  /** Issue every document of the decision not issued yet, with ONE `certificate.issued` event, in `tx`. */
  async execute(tx: EntityManager, sealed: CaseDecidedV1): Promise<void> {
    // the applicant's number comes masked with the number sealed beside (`idNumberSealed`): the documents need it whole
    const data: CaseDecidedV1 = sealed.applicant ? { ...sealed, applicant: openPii(sealed.applicant) } : sealed;
    const { caseNo } = data;
    const results = [...new Map((data.results ?? []).filter((r) => r?.outcome === 'approve' || r?.outcome === 'deny').map((r) => [r.itemCode, r])).values()];
    if (results.length === 0) return;
    for (const r of results) assertIssuable(caseNo, r);
    if (typeof data.applicant?.name !== 'string' || typeof data.applicant.idNumber !== 'string') {
      throw new Error(`case ${caseNo}: the decision carries no applicant to issue to`);
    }
    // one issuer per case at a time (another copy of the decision, a collection), so "already issued" is true
    await lockCase(tx, caseNo);
    const originals = (await tx.find(Certificate, { where: { caseNo }, select: { itemCode: true, role: true, replaces: true } })).filter((c) => c.replaces === null);
    const existing = new Set(originals.map((c) => `${c.itemCode}/${c.role}`));
    const toIssue = results
      .flatMap(plan)
      .filter((p) => !existing.has(`${p.result.itemCode}/${p.role}`))
      // counters are locked in one global order (type, then item), so two issuers never deadlock
      .sort((a, b) => cmp(a.type, b.type) || cmp(a.result.itemCode, b.result.itemCode));
    if (toIssue.length === 0) return;

    const decidedAt = new Date(data.decidedAt);
    const issuedAt = Number.isNaN(decidedAt.getTime()) ? this.clock.now() : decidedAt;
    const issued: CertificatesIssuedV1['certificates'] = [];
    for (const p of toIssue) {
      const r = p.result;
      const agency = r.departmentName ? { code: r.departmentCode, name: r.departmentName } : undefined;
      const itemDecidedAt = r.decidedAt ? new Date(r.decidedAt) : null;
      const validity = p.role === 'result' ? RESULT_DOCUMENT_RULES[p.type].validityMonths : undefined;
      const cert: Certificate = {
        id: randomUUID(),
        caseNo,
        itemCode: r.itemCode,
        itemName: r.itemName,
        departmentCode: r.departmentCode ?? null,
        type: p.type,
        typeName: p.typeName,
        role: p.role,
        holderName: data.applicant.name,
        holderIdNumber: data.applicant.idNumber,
        holderIdHmac: piiCipher().hmac(data.applicant.idNumber),
        no: await this.numbers.next(tx, p.type, issuedAt, agency ?? { code: r.departmentCode, name: r.departmentCode }),
        verifyCode: newVerifyCode(),
        status: 'issued',
        issuedAt,
        collectedAt: null,
        collectorName: null,
        collectorIdNumber: null,
        collectorIdHmac: null,
        collectedBy: null,
        departmentName: r.departmentName ?? null,
        project: data.project ?? null,
        legalBasis: r.legalBasis ?? null,
        conditions: r.opinion ?? null,
        decidedBy: r.decidedBy ?? null,
        decidedAt: itemDecidedAt && !Number.isNaN(itemDecidedAt.getTime()) ? itemDecidedAt : null,
        // valid through the day before the same date N months on (有效期N个月，自核发之日起计算)
        validUntil: validity ? addDays(addMonths(chinaToday(issuedAt), validity), -1) : null,
        standing: 'valid',
        standingSince: null,
        standingReason: null,
        standingBasis: null,
        standingBy: null,
        replaces: null,
        replacedBy: null,
        applicationDate: data.applicationDate ?? null,
        acceptedDate: data.acceptedDate ?? null,
        standingDocumentNo: null,
      };
      await tx.insert(Certificate, cert);
      await record(tx, cert.id, issuedAt, 'system', 'issued', `出具${cert.typeName}（${cert.no}）`);
      issued.push({ id: cert.id, no: cert.no, type: cert.type, typeName: cert.typeName, itemCode: cert.itemCode, verifyCode: cert.verifyCode, role: cert.role });
    }
    await this.outbox.add(tx, Events.certificatesIssued, { caseNo, certificates: issued, issuedAt: issuedAt.toISOString() });
    this.logger.log(`case ${caseNo}: issued ${issued.map((c) => c.no).join(', ')}`);
  }
}

/** The documents a decided item gets. */
function plan(r: DecidedResult): Planned[] {
  if (r.outcome === 'deny') {
    return [{ result: r, role: 'refusal_decision', type: 'REFUSAL_DECISION', typeName: RESULT_DOCUMENT_RULES.REFUSAL_DECISION.name }];
  }
  const type = r.resultDocument.type as ResultDocumentType;
  const result: Planned = { result: r, role: 'result', type, typeName: r.resultDocument.name };
  if (!RESULT_DOCUMENT_RULES[type].separateGrantDecision) return [result];
  return [result, { result: r, role: 'grant_decision', type: 'GRANT_DECISION', typeName: RESULT_DOCUMENT_RULES.GRANT_DECISION.name }];
}

/**
 * A decided item must name itself, and a grant a result document type the numbering knows (one with a Chinese
 * code); a decision that does not is retried (and parked in dead_letter after the consumer's attempts), never
 * half-issued.
 */
function assertIssuable(caseNo: string, r: DecidedResult): void {
  const named = typeof r.itemCode === 'string' && r.itemCode.length > 0 && typeof r.itemName === 'string';
  if (!named) throw new Error(`case ${caseNo}: a decided result lacks its item code or name`);
  if (r.outcome !== 'approve') return;
  if (typeof r.resultDocument?.type !== 'string' || typeof r.resultDocument.name !== 'string') {
    throw new Error(`case ${caseNo}: the approved result ${r.itemCode} lacks its result document`);
  }
  if (!isResultDocumentType(r.resultDocument.type)) {
    throw new Error(`case ${caseNo}: result document type ${r.resultDocument.type} of ${r.itemCode} has no number code (RESULT_DOCUMENT_TYPES)`);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
