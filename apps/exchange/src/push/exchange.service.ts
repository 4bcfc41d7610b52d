import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  type AlarmRaisedV1,
  type DeliveryAlarmRaisedV1,
  type TaskAlarmRaisedV1,
  AppError,
  EXCHANGE_COUNTERPARTS,
  Events,
  type CaseAcceptedV1,
  type CaseDecidedV1,
  type CertificateCollectedV1,
  type CertificatesIssuedV1,
  type EventEnvelope,
  type ExchangeBacklog,
  type ExchangeCounterpart,
  type ExchangeItemView,
  type ReconciliationReport,
  type TaskDecidedV1,
  type TaskResumedV1,
  type TaskSuspendedV1,
} from '@yichuang/contracts';
import { Clock, OnEvent, PeriodicJob, requireActor, retryDelayMs } from '@yichuang/platform';
import { EXCHANGE_ENV } from '../tokens.js';
import type { ExchangeEnv } from '../config.js';
import { Province } from './province.js';
import {
  acceptedRecords,
  alarmsClearedRecord,
  deliveryAlarmRecord,
  intakeAlarmRecord,
  matterOf,
  taskAlarmRecord,
  decidedRecords,
  handedOverRecords,
  issuedRecords,
  itemDecidedRecords,
  resumedRecords,
  suspendedRecords,
  type ExchangeRecord,
} from './records.js';

type ClearReason = 'task_decided' | 'accepted' | 'delivered';

interface Row {
  id: string;
  counterpart: ExchangeCounterpart;
  case_no: string;
  milestone: ExchangeRecord['milestone'];
  occurred_at: Date;
  record: ExchangeRecord;
  status: 'pending' | 'pushed' | 'rejected';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  pushed_at: Date | null;
}

const COLUMNS = 'id, counterpart, case_no, milestone, occurred_at, status, attempts, next_attempt_at, last_error, created_at, pushed_at';

/**
 * The case's steps reported to the provincial platforms (issue 18.2):
 * - each event to report is consumed into `push_record` in the consumption's own transaction, one row per
 *   counterpart keyed `<event id>:<counterpart>` (a redelivery inserts nothing); adding a step is one handler;
 * - a sender (`PeriodicJob`, every EXCHANGE_PUSH_INTERVAL_MS and kicked on each new row) takes due rows one at a
 *   time, in order per case and counterpart — a row is not sent while an earlier step of its case (by the step's
 *   time, then arrival) waits for that counterpart — posts it and records the answer in the same transaction
 *   (FOR UPDATE SKIP LOCKED: several instances never send one case's steps side by side). A crash between the
 *   province's answer and the commit leaves the row pending: it is sent again with the same id, which the province
 *   counts once (at least once + de-duplication by our id);
 * - failures are retried with doubling back-off (EXCHANGE_RETRY_BASE_MS … EXCHANGE_RETRY_MAX_MS), refusals (4xx)
 *   are kept as `rejected` for a person; nothing here is on the hall's path;
 * - the reconciliation compares a day's pushed records with what the province lists for that day and sends again
 *   what it lacks.
 */
@Injectable()
export class ExchangeService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Exchange');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EXCHANGE_ENV) private readonly env: ExchangeEnv,
    private readonly province: Province,
    private readonly clock: Clock,
  ) {
    this.job = new PeriodicJob('ExchangePush', env.EXCHANGE_PUSH_INTERVAL_MS, () => this.pushDue());
  }

  private get anyEnabled(): boolean {
    return EXCHANGE_COUNTERPARTS.some((c) => this.province.enabled(c));
  }

  onApplicationBootstrap(): void {
    for (const c of EXCHANGE_COUNTERPARTS) {
      if (!this.province.enabled(c)) this.logger.log(`PROVINCE_${c.toUpperCase()}_URL is not set: its records are kept, not pushed`);
    }
    if (!this.anyEnabled) return;
    this.job.start();
    this.job.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  // ---- what is reported: one handler per step ----

  @OnEvent({ event: Events.caseAccepted, name: 'exchange-case-accepted' })
  async onAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    await this.enqueue(tx, [...acceptedRecords(e), ...(await this.clearing(tx, e, e.data.caseNo, matterOf.application(e.data.applicationId), e.data.acceptedAt, 'accepted'))]);
  }

  @OnEvent({ event: Events.taskSuspended, name: 'exchange-task-suspended' })
  onSuspended(e: EventEnvelope<TaskSuspendedV1>, tx: EntityManager): Promise<void> {
    return this.enqueue(tx, suspendedRecords(e));
  }

  @OnEvent({ event: Events.taskResumed, name: 'exchange-task-resumed' })
  onResumed(e: EventEnvelope<TaskResumedV1>, tx: EntityManager): Promise<void> {
    return this.enqueue(tx, resumedRecords(e));
  }

  @OnEvent({ event: Events.taskDecided, name: 'exchange-task-decided' })
  async onItemDecided(e: EventEnvelope<TaskDecidedV1>, tx: EntityManager): Promise<void> {
    await this.enqueue(tx, [...itemDecidedRecords(e), ...(await this.clearing(tx, e, e.data.caseNo, matterOf.task(e.data.taskId), e.data.decidedAt, 'task_decided'))]);
  }

  @OnEvent({ event: Events.caseDecided, name: 'exchange-case-decided' })
  onDecided(e: EventEnvelope<CaseDecidedV1>, tx: EntityManager): Promise<void> {
    return this.enqueue(tx, decidedRecords(e));
  }

  @OnEvent({ event: Events.certificatesIssued, name: 'exchange-certificates-issued' })
  onIssued(e: EventEnvelope<CertificatesIssuedV1>, tx: EntityManager): Promise<void> {
    return this.enqueue(tx, issuedRecords(e));
  }

  @OnEvent({ event: Events.certificateCollected, name: 'exchange-certificate-collected' })
  async onHandedOver(e: EventEnvelope<CertificateCollectedV1>, tx: EntityManager): Promise<void> {
    const cleared = e.data.allDelivered ? await this.clearing(tx, e, e.data.caseNo, matterOf.delivery(e.data.caseNo), e.data.collectedAt, 'delivered') : [];
    await this.enqueue(tx, [...handedOverRecords(e), ...cleared]);
  }

  // ---- 电子监察: alarms raised, and cleared when their matter is settled ----

  @OnEvent({ event: Events.taskAlarmRaised, name: 'exchange-task-alarm-raised' })
  onTaskAlarm(e: EventEnvelope<TaskAlarmRaisedV1>, tx: EntityManager): Promise<void> {
    return this.alarm(tx, taskAlarmRecord(e));
  }

  @OnEvent({ event: Events.alarmRaised, name: 'exchange-intake-alarm-raised' })
  async onIntakeAlarm(e: EventEnvelope<AlarmRaisedV1>, tx: EntityManager): Promise<void> {
    const record = intakeAlarmRecord(e);
    if (record) await this.alarm(tx, record);
  }

  @OnEvent({ event: Events.deliveryAlarmRaised, name: 'exchange-delivery-alarm-raised' })
  onDeliveryAlarm(e: EventEnvelope<DeliveryAlarmRaisedV1>, tx: EntityManager): Promise<void> {
    return this.alarm(tx, deliveryAlarmRecord(e));
  }

  /** an alarm reported; one whose matter was settled before it was heard is cleared at once */
  private async alarm(tx: EntityManager, raised: ExchangeRecord): Promise<void> {
    const [settled] = (await tx.query(`SELECT event_id, reason, settled_at FROM settled_matter WHERE matter = $1`, [raised.data['matter']])) as {
      event_id: string;
      reason: ClearReason;
      settled_at: Date;
    }[];
    // its own id, derived from the settling event and the alarm (a redelivery derives the same)
    const cleared = settled
      ? [alarmsClearedRecord({ id: derivedId(settled.event_id, String(raised.data['alarmId'])) } as EventEnvelope<unknown>, raised.caseNo, new Date(Math.max(new Date(settled.settled_at).getTime(), Date.parse(raised.occurredAt))).toISOString(), [String(raised.data['alarmId'])], settled.reason)]
      : [];
    await this.enqueue(tx, [raised, ...cleared]);
  }

  /**
   * A matter settled: remembered (for an alarm heard later), and the clearing of the alarms reported for it, keyed
   * like them (an application's before it had a case number) so that it is sent after them; none reported, none.
   */
  private async clearing(tx: EntityManager, e: EventEnvelope<unknown>, caseNo: string, matter: string, at: string, reason: ClearReason): Promise<ExchangeRecord[]> {
    await tx.query(`INSERT INTO settled_matter (matter, event_id, reason, settled_at) VALUES ($1, $2, $3, $4) ON CONFLICT (matter) DO NOTHING`, [matter, e.id, reason, at]);
    const raised = (await tx.query(
      `SELECT record->'data'->>'alarmId' AS alarm_id, case_no FROM push_record WHERE milestone = 'alarm_raised' AND record->'data'->>'matter' = $1 ORDER BY seq`,
      [matter],
    )) as { alarm_id: string; case_no: string }[];
    if (!raised.length) return [];
    return [alarmsClearedRecord(e, raised[0]?.case_no ?? caseNo, at, raised.map((r) => r.alarm_id), reason)];
  }

  /** Queue records (idempotent by id) in the consumer's transaction; the sender is kicked. */
  private async enqueue(tx: EntityManager, records: ExchangeRecord[]): Promise<void> {
    const now = this.clock.now();
    for (const r of records) {
      await tx.query(
        `INSERT INTO push_record (id, counterpart, case_no, milestone, occurred_at, record, created_at, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (id) DO NOTHING`,
        [r.id, r.counterpart, r.caseNo, r.milestone, r.occurredAt, JSON.stringify(r), now],
      );
    }
    if (this.anyEnabled) setImmediate(() => this.job.kick());
  }

  /** Push what is due, one row per transaction, until none is due (at most 200 per run). */
  async pushDue(): Promise<{ pushed: number; retried: number; rejected: number }> {
    const counts = { pushed: 0, retried: 0, rejected: 0 };
    const enabled = EXCHANGE_COUNTERPARTS.filter((c) => this.province.enabled(c));
    if (!enabled.length) return counts;
    for (let i = 0; i < 200; i++) {
      const done = await this.ds.transaction(async (tx) => {
        // due by the service's Clock (a first try is always due), and the earliest waiting step of its case for
        // its counterpart; an earlier step being sent by another instance is locked, still pending: this one waits
        const [row] = (await tx.query(
          `SELECT r.id, r.record, r.attempts FROM push_record r
           WHERE r.status = 'pending' AND r.counterpart = ANY($2) AND (r.attempts = 0 OR r.next_attempt_at <= $1)
             AND NOT EXISTS (SELECT 1 FROM push_record p WHERE p.case_no = r.case_no AND p.counterpart = r.counterpart
                             AND p.status = 'pending' AND (p.occurred_at, p.seq) < (r.occurred_at, r.seq))
           ORDER BY r.next_attempt_at, r.occurred_at, r.seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.clock.now(), enabled],
        )) as Pick<Row, 'id' | 'record' | 'attempts'>[];
        if (!row) return true;
        const result = await this.province.push(row.record);
        const attempts = row.attempts + 1;
        if (result.outcome === 'accepted') {
          await tx.query(`UPDATE push_record SET status = 'pushed', attempts = $2, pushed_at = $3, last_error = NULL WHERE id = $1`, [row.id, attempts, this.clock.now()]);
          counts.pushed++;
        } else if (result.outcome === 'rejected') {
          await tx.query(`UPDATE push_record SET status = 'rejected', attempts = $2, last_error = $3 WHERE id = $1`, [row.id, attempts, result.error]);
          this.logger.error(`record ${row.id} refused by the province: ${result.error}`);
          counts.rejected++;
        } else {
          const delay = retryDelayMs(attempts, this.env.EXCHANGE_RETRY_BASE_MS, this.env.EXCHANGE_RETRY_MAX_MS);
          await tx.query(`UPDATE push_record SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`, [
            row.id,
            attempts,
            result.error,
            new Date(this.clock.now().getTime() + delay),
          ]);
          this.logger.warn(`record ${row.id} not taken (try ${attempts}), again in ${delay} ms: ${result.error}`);
          counts.retried++;
        }
        return false;
      });
      if (done) break;
    }
    return counts;
  }

  /** The supervisor sends a refused or backing-off record again now (attempts kept); a pushed one is a CONFLICT. */
  async retry(id: string): Promise<ExchangeItemView> {
    requireActor('supervisor', 'admin');
    const [rows] = (await this.ds.query(
      `UPDATE push_record SET status = 'pending', next_attempt_at = $2 WHERE id = $1 AND status <> 'pushed' RETURNING ${COLUMNS}`,
      [id, this.clock.now()],
    )) as [Row[], number];
    const updated = rows[0];
    if (!updated) {
      const [exists] = (await this.ds.query(`SELECT status FROM push_record WHERE id = $1`, [id])) as { status: string }[];
      if (!exists) throw AppError.notFound('exchange record');
      throw new AppError('CONFLICT', '该记录已报送省级平台，无需重新报送');
    }
    this.logger.log(`record ${id} sent again on request`);
    if (this.anyEnabled) setImmediate(() => this.job.kick());
    return itemView(updated);
  }

  /** The supervisor's view: per counterpart its counts, and the pending and refused records oldest first. */
  async backlog(): Promise<Omit<ExchangeBacklog, 'projectChecks'>> {
    const counts = (await this.ds.query(
      `SELECT counterpart,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'pending' AND attempts > 0)::int AS failing,
              count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE status = 'pushed')::int AS pushed,
              min(created_at) FILTER (WHERE status = 'pending') AS oldest
       FROM push_record GROUP BY counterpart`,
    )) as { counterpart: ExchangeCounterpart; pending: number; failing: number; rejected: number; pushed: number; oldest: Date | null }[];
    const rows = (await this.ds.query(`SELECT ${COLUMNS} FROM push_record WHERE status <> 'pushed' ORDER BY created_at, seq LIMIT 100`)) as Row[];
    return {
      counterparts: EXCHANGE_COUNTERPARTS.map((counterpart) => {
        const c = counts.find((x) => x.counterpart === counterpart);
        return {
          counterpart,
          enabled: this.province.enabled(counterpart),
          pending: c?.pending ?? 0,
          failing: c?.failing ?? 0,
          rejected: c?.rejected ?? 0,
          pushed: c?.pushed ?? 0,
          ...(c?.oldest ? { oldestPendingAt: new Date(c.oldest).toISOString() } : {}),
        };
      }),
      items: rows.map(itemView),
    };
  }

  /**
   * What the province holds of `date`'s steps (China time) against what we pushed of them: what it lacks is sent
   * again now (same id: counted once if it had it after all); what it has that we never pushed is listed.
   */
  async reconcile(date: string, only?: ExchangeCounterpart): Promise<ReconciliationReport> {
    requireActor('supervisor', 'admin');
    const report: ReconciliationReport = { date, counterparts: [] };
    for (const counterpart of only ? [only] : EXCHANGE_COUNTERPARTS) {
      const ours = (
        (await this.ds.query(
          `SELECT id, status FROM push_record WHERE counterpart = $1 AND (occurred_at AT TIME ZONE 'Asia/Shanghai')::date = $2::date`,
          [counterpart, date],
        )) as { id: string; status: string }[]
      );
      const pushed = ours.filter((r) => r.status === 'pushed').map((r) => r.id);
      const entry = { counterpart, enabled: this.province.enabled(counterpart), pushed: pushed.length, atProvince: 0, requeued: [] as string[], unknownAtUs: [] as string[] };
      if (!entry.enabled) {
        report.counterparts.push(entry);
        continue;
      }
      let theirs: string[];
      try {
        theirs = await this.province.idsOn(counterpart, date);
      } catch (err) {
        report.counterparts.push({ ...entry, error: (err as Error).message.slice(0, 300) });
        continue;
      }
      const atProvince = new Set(theirs);
      const known = new Set(ours.map((r) => r.id));
      const missing = pushed.filter((id) => !atProvince.has(id));
      if (missing.length) {
        await this.ds.query(`UPDATE push_record SET status = 'pending', next_attempt_at = $2, last_error = $3 WHERE id = ANY($1) AND status = 'pushed'`, [
          missing,
          this.clock.now(),
          `对账：省级平台没有此记录（${date}），重新报送`,
        ]);
        this.logger.warn(`reconciliation of ${date}: ${missing.length} record(s) missing at ${counterpart}, sent again`);
        setImmediate(() => this.job.kick());
      }
      report.counterparts.push({ ...entry, atProvince: atProvince.size, requeued: missing, unknownAtUs: theirs.filter((id) => !known.has(id)) });
    }
    return report;
  }
}

/** A UUID (version 5 layout) derived from two ids: the same inputs, the same id. */
function derivedId(a: string, b: string): string {
  const h = createHash('sha1').update(`${a}\n${b}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

function itemView(r: Row): ExchangeItemView {
  return {
    id: r.id,
    counterpart: r.counterpart,
    milestone: r.milestone,
    caseNo: r.case_no,
    status: r.status,
    attempts: r.attempts,
    occurredAt: new Date(r.occurred_at).toISOString(),
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.pushed_at ? { pushedAt: new Date(r.pushed_at).toISOString() } : {}),
    ...(r.status === 'pending' ? { nextAttemptAt: new Date(r.next_attempt_at).toISOString() } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
  };
}
