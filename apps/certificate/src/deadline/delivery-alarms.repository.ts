import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AlarmView, DeliveryAlarmRaisedV1 } from '@yichuang/contracts';
import { ALARM_KIND_TEXT, type AlarmKind } from '@yichuang/domain';

type Level = 'yellow' | 'red';

interface Row {
  id: string;
  kind: AlarmKind;
  level: Level;
  case_no: string;
  item_code: string | null;
  shipment_id: string | null;
  due_date: string | null;
  remaining: number | null;
  message: string;
  raised_at: Date;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
}

const COLUMNS = `id, kind, level, case_no, item_code, shipment_id, due_date::text AS due_date, remaining, message, raised_at, acknowledged_at, acknowledged_by`;

/**
 * Table `delivery_alarm`: the Art. 44 clock's yellow and red alarms (unique per case, item and level), and the notices
 * to the window when mail comes back or the post refuses it (unique per shipment and kind): each raised once.
 */
@Injectable()
export class DeliveryAlarmsRepository {
  /**
   * Set-based: every running clock decided on one of `decided` gets this level's alarm unless it has it (the unique
   * index answers ON CONFLICT), with its due date `due[i]` and `remaining[i]` working days left. Answers the alarms
   * raised now.
   */
  async raiseForClocks(tx: EntityManager, level: Level, slice: { decided: string[]; due: string[]; remaining: number[] }, at: Date): Promise<DeliveryAlarmRaisedV1[]> {
    if (slice.decided.length === 0) return [];
    const kind: AlarmKind = level === 'red' ? 'delivery_overdue' : 'delivery_due_soon';
    const rows = (await tx.query(
      `WITH clocks(decided, due, r) AS (SELECT * FROM unnest($1::date[], $2::date[], $3::int[]))
       INSERT INTO delivery_alarm (kind, level, case_no, item_code, due_date, remaining, message, raised_at)
       SELECT $4, $5, k.case_no, k.item_code, clocks.due, clocks.r,
              CASE WHEN clocks.r < 0 THEN format('办件%s“%s”%s（送达期限%s，超期%s个工作日）', k.case_no, k.item_name, $6::text, clocks.due, -clocks.r)
                   ELSE format('办件%s“%s”%s（送达期限%s，剩余%s个工作日）', k.case_no, k.item_name, $6::text, clocks.due, clocks.r) END,
              $7
       FROM delivery_clock k JOIN clocks ON clocks.decided = k.decided_date
       WHERE k.delivered_at IS NULL
         -- a licence revoked or withdrawn is no longer to be delivered
         AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.case_no = k.case_no AND c.item_code = k.item_code AND c.kind = 'result'
                           AND c.standing IN ('revoked', 'withdrawn'))
       ORDER BY clocks.due, k.case_no, k.item_code
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [slice.decided, slice.due, slice.remaining, kind, level, ALARM_KIND_TEXT[kind], at],
    )) as Row[];
    return rows.map(event);
  }

  /** The window's notice about a shipment (returned, refused): once per shipment and kind; undefined when raised before. */
  async raiseForShipment(
    tx: EntityManager,
    a: { kind: 'mail_returned' | 'mail_failed'; caseNo: string; shipmentId: string; message: string; at: Date },
  ): Promise<DeliveryAlarmRaisedV1 | undefined> {
    const [row] = (await tx.query(
      `INSERT INTO delivery_alarm (kind, level, case_no, shipment_id, message, raised_at) VALUES ($1, 'yellow', $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
      [a.kind, a.caseNo, a.shipmentId, a.message, a.at],
    )) as Row[];
    return row ? event(row) : undefined;
  }

  async list(m: EntityManager, level: Level | undefined, includeAcknowledged: boolean): Promise<AlarmView[]> {
    const rows = (await m.query(
      `SELECT ${COLUMNS} FROM delivery_alarm WHERE ($1::text IS NULL OR level = $1) AND ($2 OR acknowledged_at IS NULL) ORDER BY raised_at DESC, id LIMIT 500`,
      [level ?? null, includeAcknowledged],
    )) as Row[];
    return rows.map(view);
  }

  /** Acknowledge once: answers the alarm and whether this call acknowledged it (undefined: no such alarm). */
  async acknowledge(m: EntityManager, id: string, by: string, at: Date): Promise<{ alarm: AlarmView; now: boolean; by: string | null } | undefined> {
    const [, affected] = (await m.query(`UPDATE delivery_alarm SET acknowledged_at = $3, acknowledged_by = $2 WHERE id = $1 AND acknowledged_at IS NULL`, [id, by, at])) as [
      unknown,
      number,
    ];
    const [row] = (await m.query(`SELECT ${COLUMNS} FROM delivery_alarm WHERE id = $1`, [id])) as Row[];
    return row ? { alarm: view(row), now: affected > 0, by: row.acknowledged_by } : undefined;
  }
}

function event(r: Row): DeliveryAlarmRaisedV1 {
  return {
    alarmId: r.id,
    kind: r.kind,
    level: r.level,
    caseNo: r.case_no,
    message: r.message,
    raisedAt: r.raised_at.toISOString(),
    ...(r.item_code ? { itemCode: r.item_code } : {}),
    ...(r.shipment_id ? { shipmentId: r.shipment_id } : {}),
    ...(r.due_date ? { dueDate: r.due_date } : {}),
    ...(r.remaining !== null ? { remainingWorkingDays: r.remaining } : {}),
  };
}

function view(r: Row): AlarmView {
  return {
    id: r.id,
    kind: r.kind,
    level: r.level,
    message: r.message,
    raisedAt: r.raised_at.toISOString(),
    caseNo: r.case_no,
    ...(r.item_code ? { itemCode: r.item_code } : {}),
    ...(r.shipment_id ? { shipmentId: r.shipment_id } : {}),
    ...(r.acknowledged_at ? { acknowledgedAt: r.acknowledged_at.toISOString() } : {}),
    ...(r.acknowledged_by ? { acknowledgedBy: r.acknowledged_by } : {}),
  };
}
