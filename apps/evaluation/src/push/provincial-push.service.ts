import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError, Events, type EvaluationSubmittedV1, type EventEnvelope, type RectificationChangedV1, type ProvincialPushBacklog, type ProvincialPushItemView } from '@yichuang/contracts';
import { Clock, OnEvent, PeriodicJob, requireActor, retryDelayMs } from '@yichuang/platform';
import { EVALUATION_ENV } from '../tokens.js';
import type { EvaluationEnv } from '../config.js';
import { ProvincialPlatform, type ProvincialRecord } from './provincial-platform.js';
import { ratingRecord, rectificationRecord } from './push-records.js';

interface OutboxRow {
  id: string;
  kind: string;
  case_no: string | null;
  record: ProvincialRecord;
  status: 'pending' | 'pushed' | 'rejected';
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
}

/**
 * The push of ratings and rectification outcomes to the provincial 好差评 platform (issue 14.6):
 * - each evaluation event to report is consumed into `push_outbox` in the consumption's own transaction, keyed by
 *   the event id (a redelivery inserts nothing); adding an event is one handler of one line mapping it to a record;
 * - a sender (`PeriodicJob`, every HAOCHA_PUSH_INTERVAL_MS and kicked on each new row) takes due rows one at a time
 *   (FOR UPDATE SKIP LOCKED: safe on several instances), posts each and records the outcome in the same
 *   transaction. A crash between the platform's answer and the commit leaves the row pending: it is sent again
 *   with the same id, which the platform counts once (at-least-once + de-duplication by our id);
 * - failures are retried with doubling back-off (HAOCHA_RETRY_BASE_MS … HAOCHA_RETRY_MAX_MS); refusals (4xx) are
 *   kept as `rejected`; nothing here is on the hall's path (the rating commits without waiting for the push).
 */
@Injectable()
export class ProvincialPushService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ProvincialPush');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EVALUATION_ENV) private readonly env: EvaluationEnv,
    private readonly platform: ProvincialPlatform,
    private readonly clock: Clock,
  ) {
    this.job = new PeriodicJob('ProvincialPush', env.HAOCHA_PUSH_INTERVAL_MS, () => this.pushDue());
  }

  onApplicationBootstrap(): void {
    if (!this.platform.enabled) {
      this.logger.log('HAOCHA_PUSH_URL is not set: ratings are queued for the provincial platform, not pushed');
      return;
    }
    this.job.start();
    this.job.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  // ---- what is reported: one line per event ----

  @OnEvent({ event: Events.evaluationSubmitted, name: 'haocha-push-evaluation-submitted' })
  async onRating(e: EventEnvelope<EvaluationSubmittedV1>, tx: EntityManager): Promise<void> {
    const record = ratingRecord(e);
    if (record) await this.enqueue(tx, record, e.data.caseNo);
  }

  @OnEvent({ event: Events.rectificationChanged, name: 'haocha-push-rectification-changed' })
  async onRectification(e: EventEnvelope<RectificationChangedV1>, tx: EntityManager): Promise<void> {
    const record = rectificationRecord(e);
    if (record) await this.enqueue(tx, record, e.data.caseNo);
  }

  /** Queue a record (idempotent by its id) in the consumer's transaction; the sender is kicked. */
  async enqueue(tx: EntityManager, record: ProvincialRecord, caseNo: string | null): Promise<void> {
    await tx.query(`INSERT INTO push_outbox (id, kind, case_no, record, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (id) DO NOTHING`, [
      record.id,
      record.kind,
      caseNo,
      JSON.stringify(record),
      this.clock.now(),
    ]);
    if (this.platform.enabled) setImmediate(() => this.job.kick());
  }

  /** Push what is due, one row per transaction, until none is due (at most 200 per run). */
  async pushDue(): Promise<{ pushed: number; retried: number; rejected: number }> {
    const counts = { pushed: 0, retried: 0, rejected: 0 };
    if (!this.platform.enabled) return counts;
    for (let i = 0; i < 200; i++) {
      const done = await this.ds.transaction(async (tx) => {
        // due by the service's Clock (every stored time is; a first try is always due, even with the clock set back)
        const [row] = (await tx.query(
          `SELECT id, record, attempts FROM push_outbox WHERE status = 'pending' AND (attempts = 0 OR next_attempt_at <= $1)
           ORDER BY next_attempt_at, created_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.clock.now()],
        )) as Pick<OutboxRow, 'id' | 'record' | 'attempts'>[];
        if (!row) return true;
        const result = await this.platform.push(row.record);
        const attempts = row.attempts + 1;
        if (result.outcome === 'accepted') {
          await tx.query(`UPDATE push_outbox SET status = 'pushed', attempts = $2, pushed_at = $3, last_error = NULL WHERE id = $1`, [row.id, attempts, this.clock.now()]);
          counts.pushed++;
        } else if (result.outcome === 'rejected') {
          await tx.query(`UPDATE push_outbox SET status = 'rejected', attempts = $2, last_error = $3 WHERE id = $1`, [row.id, attempts, result.error]);
          this.logger.error(`push ${row.id} refused by the provincial platform: ${result.error}`);
          counts.rejected++;
        } else {
          const delay = retryDelayMs(attempts, this.env.HAOCHA_RETRY_BASE_MS, this.env.HAOCHA_RETRY_MAX_MS);
          await tx.query(
            `UPDATE push_outbox SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`,
            [row.id, attempts, result.error, new Date(this.clock.now().getTime() + delay)],
          );
          this.logger.warn(`push ${row.id} failed (try ${attempts}), again in ${delay} ms: ${result.error}`);
          counts.retried++;
        }
        return false;
      });
      if (done) break;
    }
    return counts;
  }

  /**
   * The supervisor sends a row again now: a refused one (after the province fixed its side, or our data was
   * corrected) or one waiting out its back-off. Its attempts are kept; a pushed one is a CONFLICT.
   */
  async retry(id: string): Promise<ProvincialPushItemView> {
    requireActor('supervisor', 'admin');
    // an UPDATE … RETURNING through DataSource.query answers [rows, count] with the pg driver
    const [rows] = (await this.ds.query(
      `UPDATE push_outbox SET status = 'pending', next_attempt_at = $2 WHERE id = $1 AND status <> 'pushed'
       RETURNING id, kind, case_no, status, attempts, next_attempt_at, last_error, created_at`,
      [id, this.clock.now()],
    )) as [OutboxRow[], number];
    const updated = rows[0];
    if (!updated) {
      const [exists] = (await this.ds.query(`SELECT status FROM push_outbox WHERE id = $1`, [id])) as { status: string }[];
      if (!exists) throw AppError.notFound('provincial push item');
      throw new AppError('CONFLICT', '该记录已上报省好差评系统，无需重新上报');
    }
    this.logger.log(`push ${id} sent again on request`);
    if (this.platform.enabled) setImmediate(() => this.job.kick());
    return itemView(updated);
  }

  /** The supervisor's view: counts, and the pending and rejected rows oldest first. */
  async backlog(): Promise<ProvincialPushBacklog> {
    const [c] = (await this.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
              count(*) FILTER (WHERE status = 'pending' AND attempts > 0)::int AS failing,
              count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
              count(*) FILTER (WHERE status = 'pushed')::int AS pushed,
              min(created_at) FILTER (WHERE status = 'pending') AS oldest
       FROM push_outbox`,
    )) as { pending: number; failing: number; rejected: number; pushed: number; oldest: Date | null }[];
    const rows = (await this.ds.query(
      `SELECT id, kind, case_no, status, attempts, next_attempt_at, last_error, created_at FROM push_outbox
       WHERE status <> 'pushed' ORDER BY created_at, id LIMIT 100`,
    )) as OutboxRow[];
    return {
      enabled: this.platform.enabled,
      pending: c?.pending ?? 0,
      failing: c?.failing ?? 0,
      rejected: c?.rejected ?? 0,
      pushed: c?.pushed ?? 0,
      ...(c?.oldest ? { oldestPendingAt: new Date(c.oldest).toISOString() } : {}),
      items: rows.map(itemView),
    };
  }
}

function itemView(r: OutboxRow): ProvincialPushItemView {
  return {
    id: r.id,
    kind: r.kind as ProvincialPushItemView['kind'],
    status: r.status,
    attempts: r.attempts,
    createdAt: new Date(r.created_at).toISOString(),
    ...(r.case_no ? { caseNo: r.case_no } : {}),
    ...(r.status === 'pending' ? { nextAttemptAt: new Date(r.next_attempt_at).toISOString() } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
  };
}
