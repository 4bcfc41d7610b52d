import type { EntityManager } from 'typeorm';

/**
 * The transaction-scoped lock on one case's result documents, the same key the issuing code takes
 * (`certificates.service.ts`): issuing, collecting, mailing and tracking of a case take turns, so "every document
 * of the case is delivered" is seen true exactly once.
 */
export async function lockCase(tx: EntityManager, caseNo: string): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`certificate:case:${caseNo}`]);
}

/** Lock several cases in one global order (never deadlocks with another multi-case locker). */
export async function lockCases(tx: EntityManager, caseNos: Iterable<string>): Promise<void> {
  for (const caseNo of [...new Set(caseNos)].sort()) await lockCase(tx, caseNo);
}
