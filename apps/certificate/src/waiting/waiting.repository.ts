import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A document at the pick-up desk: issued, still standing, and neither collected nor in the post. */
export interface WaitingRow {
  id: string;
  case_no: string;
  no: string;
  type_name: string;
  item_name: string;
  holder_name: string;
  /** the day (China) it came to the desk: issued, or back from the post */
  since: string;
  returned: boolean;
  reminded_at: Date | null;
}

export interface NewReminder {
  caseNo: string;
  certificateIds: string[];
  since: string;
  waitingWorkingDays: number;
  remindedAt: Date;
}

/** The pick-up desk (待领取): documents waiting, and the one reminder per case (`pickup_reminder`). */
@Injectable()
export class WaitingRepository {
  async waiting(m: EntityManager, caseNo?: string): Promise<WaitingRow[]> {
    return (await m.query(
      `SELECT c.id, c.case_no, c.no, c.type_name, c.item_name, c.holder_name,
              coalesce(r.returned_date, (c.issued_at AT TIME ZONE 'Asia/Shanghai')::date)::text AS since,
              r.returned_date IS NOT NULL AS returned, p.reminded_at
       FROM certificate c
       LEFT JOIN LATERAL (
         SELECT (max(s.returned_at) AT TIME ZONE 'Asia/Shanghai')::date AS returned_date
         FROM shipment_item i JOIN shipment s ON s.id = i.shipment_id
         WHERE i.certificate_id = c.id AND s.status = 'returned') r ON true
       LEFT JOIN pickup_reminder p ON p.case_no = c.case_no
       WHERE c.status = 'issued' AND c.standing = 'valid' AND ($1::text IS NULL OR c.case_no = $1)
       ORDER BY since, c.case_no, c.item_code`,
      [caseNo ?? null],
    )) as WaitingRow[];
  }

  /** Remember the reminder of a case (once: false when it was sent before). */
  async remember(tx: EntityManager, r: NewReminder): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO pickup_reminder (case_no, certificate_ids, since, waiting_working_days, reminded_at) VALUES ($1, $2::uuid[], $3, $4, $5)
       ON CONFLICT (case_no) DO NOTHING RETURNING case_no`,
      [r.caseNo, r.certificateIds, r.since, r.waitingWorkingDays, r.remindedAt],
    )) as unknown[];
    return rows.length > 0;
  }
}
