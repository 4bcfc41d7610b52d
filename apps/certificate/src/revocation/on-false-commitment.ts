import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Events, type CommitmentVerifiedV1, type EventEnvelope } from '@yichuang/contracts';
import { OnEvent } from '@yichuang/platform';
import { lockCase } from '../certificates/certificate-records.js';
import { RevokeDocument } from './revoke-document.js';

/** The legal basis printed when a false commitment revokes an approval (告知承诺制). */
export const FALSE_COMMITMENT_BASIS = '《中华人民共和国行政许可法》第六十九条第二款、国办发〔2020〕42号';

/**
 * 告知承诺制: when the department's follow-up check finds the commitment false, the approval given on it is
 * revoked (撤销) — the item's result and decision documents — with the department's findings as the reason and the
 * legal consequence stated; the applicant is told by SMS through `certificate.standing-changed`.
 */
@Injectable()
export class OnFalseCommitment {
  private readonly logger = new Logger('OnFalseCommitment');

  constructor(private readonly revoke: RevokeDocument) {}

  @OnEvent({ event: Events.commitmentVerified })
  async onCommitmentVerified(e: EventEnvelope<CommitmentVerifiedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    if (d.result !== 'false_commitment') return;
    await lockCase(tx, d.caseNo);
    const reason = `承诺内容与实际情况不符（${d.opinion}），依法撤销许可并记入信用记录`;
    const docs = await this.revoke.revokeItem(tx, d.caseNo, d.itemCode, ['result', 'grant_decision'], 'revoked', reason, FALSE_COMMITMENT_BASIS, d.verifiedBy);
    // the documents may not be issued yet (the case's decision still on its way): retried until they are
    if (docs.length === 0 && !(await this.anyDocument(tx, d.caseNo, d.itemCode))) throw new Error(`case ${d.caseNo}: no document of ${d.itemCode} issued yet`);
    this.logger.log(`case ${d.caseNo}: false commitment on ${d.itemCode}, ${docs.length} document(s) revoked`);
  }

  private async anyDocument(tx: EntityManager, caseNo: string, itemCode: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM certificate WHERE case_no = $1 AND item_code = $2 LIMIT 1`, [caseNo, itemCode]);
    return rows.length > 0;
  }
}
