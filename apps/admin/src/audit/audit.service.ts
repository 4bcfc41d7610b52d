import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Events, type AuditRecordedV1, type AuditPage, type AuditRecordView, type EventEnvelope, type ListAuditRequest } from '@yichuang/contracts';
import { AUDIT_RECORD_COLUMNS, chainedRecordOf, Clock, OnEvent, PeriodicJob, requireActor, type AuditRecordRow } from '@yichuang/platform';
import type { AdminEnv } from '../config.js';
import { ADMIN_ENV } from '../tokens.js';
import { appendAuditFacts, AUDIT_CHAIN_LOCK } from './audit-chain.js';

const DAY_MS = 86_400_000;
/** nobody waits for an appended record: the facts of 20 ms are appended in one transaction (one lock, one head read) */
const AUDIT_LINGER_MS = 20;

/**
 * The audit trail's writer and reader: the facts every other service sends (`yc.evt.<service>.audit.recorded.v1`,
 * one durable consumer each, idempotent by event id) are appended to the chain; the supervisor and the administrator
 * query it; the retention job prunes it from the head (AUDIT_RETENTION_DAYS, at least 183 days).
 */
@Injectable()
export class AuditService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditTrail');
  private readonly retention: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(ADMIN_ENV) private readonly env: AdminEnv,
  ) {
    this.retention = new PeriodicJob('AuditRetention', env.AUDIT_PRUNE_INTERVAL_MS, () => this.prune());
  }

  onApplicationBootstrap(): void {
    this.retention.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.retention.stop();
  }

  @OnEvent({ event: Events.intakeAuditRecorded, lingerMs: AUDIT_LINGER_MS })
  fromIntake(e: EventEnvelope<AuditRecordedV1>, tx: EntityManager): Promise<void> {
    return this.append(e, tx, 'intake');
  }

  @OnEvent({ event: Events.reviewAuditRecorded, lingerMs: AUDIT_LINGER_MS })
  fromReview(e: EventEnvelope<AuditRecordedV1>, tx: EntityManager): Promise<void> {
    return this.append(e, tx, 'review');
  }

  @OnEvent({ event: Events.certificateAuditRecorded, lingerMs: AUDIT_LINGER_MS })
  fromCertificate(e: EventEnvelope<AuditRecordedV1>, tx: EntityManager): Promise<void> {
    return this.append(e, tx, 'certificate');
  }

  @OnEvent({ event: Events.notificationAuditRecorded, lingerMs: AUDIT_LINGER_MS })
  fromNotification(e: EventEnvelope<AuditRecordedV1>, tx: EntityManager): Promise<void> {
    return this.append(e, tx, 'notification');
  }

  @OnEvent({ event: Events.evaluationAuditRecorded, lingerMs: AUDIT_LINGER_MS })
  fromEvaluation(e: EventEnvelope<AuditRecordedV1>, tx: EntityManager): Promise<void> {
    return this.append(e, tx, 'evaluation');
  }

  @OnEvent({ event: Events.statisticsAuditRecorded, lingerMs: AUDIT_LINGER_MS })
  fromStatistics(e: EventEnvelope<AuditRecordedV1>, tx: EntityManager): Promise<void> {
    return this.append(e, tx, 'statistics');
  }

  @OnEvent({ event: Events.exchangeAuditRecorded, lingerMs: AUDIT_LINGER_MS })
  fromExchange(e: EventEnvelope<AuditRecordedV1>, tx: EntityManager): Promise<void> {
    return this.append(e, tx, 'exchange');
  }

  /** in the event's order; the source is the service named by the subject the event came on, not what the envelope says */
  private async append(e: EventEnvelope<AuditRecordedV1>, tx: EntityManager, source: string): Promise<void> {
    await appendAuditFacts(tx, e.data.facts.map(({ id, ...fact }) => ({ fact, eventId: id, source })));
  }

  /** Newest first, filtered; `nextCursor` pages on to older records. Supervisor and administrator only. */
  async list(req: ListAuditRequest): Promise<AuditPage> {
    requireActor('supervisor', 'admin');
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (req.from) add(`at >= (?::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`, req.from);
    if (req.to) add(`at < (?::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`, req.to);
    if (req.actor) add('actor = ?', req.actor);
    if (req.action) add('action = ?', req.action);
    if (req.objectId) add('object_id = ?', req.objectId);
    if (req.outcome) add('outcome = ?', req.outcome);
    if (req.cursor) add('seq < ?::bigint', req.cursor);
    const limit = req.limit ?? 50;
    params.push(limit + 1);
    const rows: AuditRecordRow[] = await this.ds.query(
      `SELECT ${AUDIT_RECORD_COLUMNS}
       FROM audit_record r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.seq DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, limit).map(view);
    const last = items[items.length - 1];
    return { items, ...(rows.length > limit && last ? { nextCursor: last.seq } : {}) };
  }

  /**
   * Removes the records older than the retention period from the head of the chain — the longest prefix (by seq)
   * of records all older than the cut-off — and records a checkpoint with the seq and hash of the last one removed,
   * from which the rest verifies. Business time: the records' `at` and the cut-off both come from Clocks.
   */
  async prune(): Promise<{ pruned: number; checkpoint?: string }> {
    const cutoff = new Date(this.clock.now().getTime() - this.env.AUDIT_RETENTION_DAYS * DAY_MS);
    return this.ds.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [AUDIT_CHAIN_LOCK]);
      const last: { seq: string; hash: string; at: Date }[] = await tx.query(
        `SELECT r.seq::text AS seq, r.hash, r.at FROM audit_record r
         WHERE r.seq < COALESCE((SELECT k.seq FROM audit_record k WHERE k.at >= $1 ORDER BY k.seq LIMIT 1), (SELECT max(m.seq) + 1 FROM audit_record m))
         ORDER BY r.seq DESC LIMIT 1`,
        [cutoff.toISOString()],
      );
      const head = last[0];
      if (!head) return { pruned: 0 };
      // the one deletion the append-only trigger lets through, for this transaction only
      await tx.query(`SELECT set_config('yc.audit_retention', 'on', true)`);
      const deleted: [unknown[], number] = await tx.query(`DELETE FROM audit_record WHERE seq <= $1::bigint`, [head.seq]);
      const pruned = deleted[1];
      await tx.query(`INSERT INTO audit_checkpoint (seq, hash, at, pruned, pruned_at) VALUES ($1, $2, $3, $4, $5)`, [
        head.seq,
        head.hash,
        head.at,
        pruned,
        this.clock.now().toISOString(),
      ]);
      this.logger.log(`pruned ${pruned} audit record(s) older than ${this.env.AUDIT_RETENTION_DAYS} days, up to seq ${head.seq}`);
      return { pruned, checkpoint: head.seq };
    });
  }
}

/** The chain's record as the supervisor reads it: an absent object left out rather than null. */
function view(r: AuditRecordRow): AuditRecordView {
  const { objectType, objectId, ...rest } = chainedRecordOf(r);
  return { ...rest, ...(objectType ? { objectType } : {}), ...(objectId ? { objectId } : {}) };
}
