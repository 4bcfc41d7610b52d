import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Events, type CaseAcceptedV1, type CaseDecidedV1, type EventEnvelope, type ItemReleasedV1 } from '@yichuang/contracts';
import { chinaToday } from '@yichuang/domain';
import { OnEvent } from '@yichuang/platform';
import { DeliveryClocksRepository } from '../deadline/delivery-clocks.repository.js';
import { CaseDeliveryRepository } from './case-delivery.repository.js';

/**
 * What the delivery features learn from intake's events, on their own durable consumers (the issuing handlers of
 * `case.decided` and `item.released` are separate, so neither waits for the other):
 * - who may collect the case's results (the applicant with its legal representative and contact) and how they are to be
 *   delivered (pick-up or EMS with the address), from `case.accepted`, refreshed by `case.decided` / `item.released`;
 * - Art. 44's clock of every approved item: delivered within ten working days of its decision (the decision date is
 *   stored; the due date is counted with the calendar when asked, so this handler needs no calendar).
 */
@Injectable()
export class DecisionsHandler {
  private readonly logger = new Logger('DeliveryDecisions');

  constructor(
    private readonly cases: CaseDeliveryRepository,
    private readonly clocks: DeliveryClocksRepository,
  ) {}

  @OnEvent({ event: Events.caseAccepted, name: 'delivery-intake-case-accepted-v1' })
  async onCaseAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    await this.cases.record(tx, e.data, new Date(e.occurredAt));
  }

  @OnEvent({ event: Events.caseDecided, name: 'delivery-intake-case-decided-v1' })
  async onCaseDecided(e: EventEnvelope<CaseDecidedV1>, tx: EntityManager): Promise<void> {
    await this.decided(e, tx);
  }

  @OnEvent({ event: Events.itemReleased, name: 'delivery-intake-item-released-v1' })
  async onItemReleased(e: EventEnvelope<ItemReleasedV1>, tx: EntityManager): Promise<void> {
    await this.decided(e, tx);
  }

  private async decided(e: EventEnvelope<CaseDecidedV1>, tx: EntityManager): Promise<void> {
    const d = e.data;
    if (d.applicant && typeof d.applicant.name === 'string') await this.cases.record(tx, d, new Date(e.occurredAt));
    const approved = (d.results ?? []).filter((r) => r?.outcome === 'approve' && typeof r.itemCode === 'string');
    if (approved.length === 0) return;
    const decidedAt = new Date(d.decidedAt);
    const decidedDate = chinaToday(Number.isNaN(decidedAt.getTime()) ? new Date(e.occurredAt) : decidedAt);
    await this.clocks.start(
      tx,
      approved.map((r) => ({ caseNo: d.caseNo, itemCode: r.itemCode, itemName: r.itemName ?? r.itemCode, decidedDate })),
    );
    this.logger.debug(`case ${d.caseNo}: Art. 44 clock of ${approved.length} item(s) runs from ${decidedDate}`);
  }
}
