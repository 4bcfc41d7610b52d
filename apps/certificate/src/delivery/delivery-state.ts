import type { EntityManager } from 'typeorm';

/**
 * Every document of the case is delivered: none that still stands waits at the pick-up desk (a revoked, withdrawn
 * or superseded one holds nothing back) and no shipment of the case is still on its way. Asked under the case's
 * lock, after the caller's change.
 */
export async function allDelivered(tx: EntityManager, caseNo: string): Promise<boolean> {
  const [row] = (await tx.query(
    `SELECT NOT EXISTS (SELECT 1 FROM certificate WHERE case_no = $1 AND status = 'issued' AND standing = 'valid')
        AND NOT EXISTS (SELECT 1 FROM shipment WHERE case_no = $1 AND status IN ('requesting','created','in_transit')) AS done`,
    [caseNo],
  )) as { done: boolean }[];
  return row?.done === true;
}
