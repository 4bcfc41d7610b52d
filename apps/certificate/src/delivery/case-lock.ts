import type { EntityManager } from 'typeorm';
import { lockCase } from '../certificates/certificate-records.js';

/**
 * The transaction-scoped lock on one case's documents is the issuing code's (`certificate-records.ts`): issuing,
 * revoking, collecting, mailing and tracking of a case take turns, so "every document of the case is delivered" is
 * seen true exactly once.
 */
export { lockCase };

/** Lock several cases in one global order (never deadlocks with another multi-case locker). */
export async function lockCases(tx: EntityManager, caseNos: Iterable<string>): Promise<void> {
  for (const caseNo of [...new Set(caseNos)].sort()) await lockCase(tx, caseNo);
}
