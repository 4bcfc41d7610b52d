import type { EntityManager } from 'typeorm';
import type { CertificateView } from '@yichuang/contracts';
import { maskIdNumber } from '@yichuang/domain';
import { Certificate, CertificateEvent, type CertificateAction } from './certificate.entities.js';

/** A transaction-scoped lock on one case's documents: issuing, collecting, revoking of a case take turns. */
export async function lockCase(tx: EntityManager, caseNo: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`certificate:case:${caseNo}`]);
}

/** The issuing agency of a document, for the numbers of the acts about it. */
export function agencyOf(d: Certificate): { code: string; name: string } | undefined {
  return d.departmentCode ? { code: d.departmentCode, name: d.departmentName ?? d.departmentCode } : undefined;
}

/** One row of a document's audit trail (never personal numbers in `note`). */
export async function record(tx: EntityManager, certificateId: string, at: Date, actor: string, action: CertificateAction, note: string | null): Promise<void> {
  await tx.insert(CertificateEvent, { certificateId, at, actor, action, note });
}

/** The numbers of the documents a list refers to (replaces / replaced by), for the views. */
export async function linkedNumbers(m: EntityManager, list: Certificate[]): Promise<Map<string, string>> {
  const ids = [...new Set(list.flatMap((c) => [c.replaces, c.replacedBy]).filter((x): x is string => x !== null))];
  if (ids.length === 0) return new Map();
  const rows = await m.getRepository(Certificate).find({ where: ids.map((id) => ({ id })), select: { id: true, no: true } });
  return new Map(rows.map((r) => [r.id, r.no]));
}

/** A document as staff see it: ID numbers masked, names in full (the window checks them at hand-over). */
export function certificateView(c: Certificate, numbers: Map<string, string> = new Map()): CertificateView {
  return {
    id: c.id,
    no: c.no,
    type: c.type,
    typeName: c.typeName,
    role: c.role,
    itemCode: c.itemCode,
    itemName: c.itemName,
    caseNo: c.caseNo,
    status: c.status,
    verifyCode: c.verifyCode,
    issuedAt: c.issuedAt.toISOString(),
    holderName: c.holderName,
    holderIdNumber: maskIdNumber(c.holderIdNumber),
    standing: c.standing,
    ...(c.departmentName ? { departmentName: c.departmentName } : {}),
    ...(c.project ? { project: c.project } : {}),
    ...(c.legalBasis ? { legalBasis: c.legalBasis } : {}),
    ...(c.conditions ? { conditions: c.conditions } : {}),
    ...(c.decidedAt ? { decidedAt: c.decidedAt.toISOString() } : {}),
    ...(c.validUntil ? { validUntil: c.validUntil } : {}),
    ...(c.standingSince ? { standingSince: c.standingSince.toISOString() } : {}),
    ...(c.standingReason ? { standingReason: c.standingReason } : {}),
    ...(c.standingBasis ? { standingBasis: c.standingBasis } : {}),
    ...(c.replaces ? { replaces: { id: c.replaces, no: numbers.get(c.replaces) ?? '' } } : {}),
    ...(c.replacedBy ? { replacedBy: { id: c.replacedBy, no: numbers.get(c.replacedBy) ?? '' } } : {}),
    ...(c.collectedAt ? { collectedAt: c.collectedAt.toISOString() } : {}),
    ...(c.collectorName ? { collectorName: c.collectorName } : {}),
    ...(c.collectorIdNumber ? { collectorIdNumber: maskIdNumber(c.collectorIdNumber) } : {}),
    ...(c.collectedBy ? { collectedBy: c.collectedBy } : {}),
  };
}
