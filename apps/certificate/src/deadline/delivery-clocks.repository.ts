import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export interface NewDeliveryClock {
  caseNo: string;
  itemCode: string;
  itemName: string;
  /** the day of the decision in China: the clock counts from the next working day */
  decidedDate: string;
}

/**
 * Table `delivery_clock`: Art. 44's clock of each approved item of a case, from its decision to the delivery of its
 * result document (collected at the window, or delivered by the post). Only the decision date is stored: the due date
 * (`ISSUE_DAYS` working days later) is computed with the calendar when asked, so the event that starts a
 * clock needs no calendar, and an official year loaded later moves due dates counted provisionally.
 */
@Injectable()
export class DeliveryClocksRepository {
  /**
   * Start a clock once per (case, item): the first decision wins (an item released early keeps its own date). A
   * document already delivered when the clock is started (events of different subjects arrive in any order) starts
   * stopped.
   */
  async start(tx: EntityManager, clocks: NewDeliveryClock[]): Promise<void> {
    if (clocks.length === 0) return;
    await tx.query(
      `INSERT INTO delivery_clock (case_no, item_code, item_name, decided_date, delivered_at)
       SELECT x.case_no, x.item_code, x.item_name, x.decided_date,
              (SELECT max(coalesce(c.collected_at, (SELECT max(s.delivered_at) FROM shipment_item i JOIN shipment s ON s.id = i.shipment_id
                                                     WHERE i.certificate_id = c.id AND s.status = 'delivered')))
               FROM certificate c WHERE c.case_no = x.case_no AND c.item_code = x.item_code AND c.kind = 'result')
       FROM unnest($1::text[], $2::text[], $3::text[], $4::date[]) AS x(case_no, item_code, item_name, decided_date)
       ON CONFLICT (case_no, item_code) DO NOTHING`,
      [clocks.map((c) => c.caseNo), clocks.map((c) => c.itemCode), clocks.map((c) => c.itemName), clocks.map((c) => c.decidedDate)],
    );
  }

  /** These documents are delivered at `at`: the clocks of the items whose result (the licence itself) is one of them stop. */
  async stop(tx: EntityManager, certificateIds: string[], at: Date): Promise<void> {
    if (certificateIds.length === 0) return;
    await tx.query(
      `UPDATE delivery_clock k SET delivered_at = $2 FROM certificate c
       WHERE c.id = ANY($1::uuid[]) AND c.kind = 'result' AND k.case_no = c.case_no AND k.item_code = c.item_code AND k.delivered_at IS NULL`,
      [certificateIds, at],
    );
  }

  /** The distinct decision dates of the clocks still running (what a sweep must look at). */
  async openDecisionDates(m: EntityManager): Promise<string[]> {
    const rows = (await m.query(`SELECT DISTINCT decided_date::text AS d FROM delivery_clock WHERE delivered_at IS NULL ORDER BY 1`)) as { d: string }[];
    return rows.map((r) => r.d);
  }

  /** The running clocks of these documents' items: their decision dates, by certificate id. */
  async decisionDates(m: EntityManager, certificateIds: string[]): Promise<Map<string, string>> {
    if (certificateIds.length === 0) return new Map();
    const rows = (await m.query(
      `SELECT c.id, k.decided_date::text AS d FROM certificate c JOIN delivery_clock k ON k.case_no = c.case_no AND k.item_code = c.item_code WHERE c.id = ANY($1::uuid[])`,
      [certificateIds],
    )) as { id: string; d: string }[];
    return new Map(rows.map((r) => [r.id, r.d]));
  }
}
