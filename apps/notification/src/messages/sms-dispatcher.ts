import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Events } from '@yichuang/contracts';
import { maskPii } from '@yichuang/domain';
import { afterCommit, Clock, Outbox, requestContext } from '@yichuang/platform';
import { NOTIFICATION_ENV } from '../tokens.js';
import type { NotificationEnv } from '../config.js';
import { SmsProvider, type SendResult } from './sms-provider.js';

const BATCH = 100;

interface DueMessage {
  id: string;
  case_no: string | null;
  template: string;
  recipient: string;
  content: string;
  correlation_id: string | null;
  attempts: number;
}

/** A delivery receipt from a provider, for a message it accepted (`sending`). */
export type DeliveryReceipt = { status: 'delivered' } | { status: 'temporary_failure' | 'permanent_failure'; reason: string };

/**
 * Sends `created` (and due `temporary_failure`) messages through the SmsProvider, one message per transaction:
 * the row is locked with FOR UPDATE SKIP LOCKED, so several instances never send the same message, and the
 * status, attempt count, provider id and the `message.sent` event (outbox) commit together.
 * Woken in this process right after the transaction that created a message commits (`wake`), and polls every
 * SMS_POLL_MS for retries that fall due — and for messages whose creating process died before sending them.
 * Temporary failures are retried with exponential back-off until SMS_MAX_ATTEMPTS, then `technical_failure`.
 */
@Injectable()
export class SmsDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SmsDispatcher');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NOTIFICATION_ENV) private readonly env: NotificationEnv,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly sms: SmsProvider,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.sms.name === 'dev' && this.env.NODE_ENV === 'production') {
      this.logger.warn('SMS_PROVIDER=dev in production: messages are marked delivered but no SMS leaves this system');
    }
    this.timer = setInterval(() => this.kick(), this.env.SMS_POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Send what the caller's transaction created, right after it commits (nothing if it rolls back). */
  wake(tx: EntityManager): void {
    afterCommit(tx, () => this.kick());
  }

  /** Ask for a drain now (coalesces concurrent calls). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.logger.warn(`dispatch failed: ${maskPii((err as Error).message)}`))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /**
   * A provider's delivery receipt for a message it accepted. Idempotent: a receipt for a message that is no
   * longer `sending` (a repeat, or one that lost a race) changes nothing. Returns whether it changed anything.
   */
  async applyReceipt(providerId: string, receipt: DeliveryReceipt): Promise<boolean> {
    const reason = receipt.status === 'delivered' ? null : maskPii(receipt.reason);
    // TypeORM answers an UPDATE with [rows, affected count]
    const [, changed] = (await this.ds.query(`UPDATE message SET status = $2, last_error = $3 WHERE provider_id = $1 AND status = 'sending'`, [
      providerId,
      receipt.status,
      reason,
    ])) as [unknown[], number];
    return changed > 0;
  }

  private async drain(): Promise<void> {
    for (let i = 0; i < BATCH; i++) {
      if (this.stopped || !(await this.sendNext())) return;
    }
    this.again = true; // more may be waiting: go on after letting others in
  }

  /**
   * Send the next due message, if any; answers whether another one is due. Two are locked so as to know that
   * without a further transaction that would find nothing (the second stays for the next round, or another
   * instance once this transaction ends).
   */
  private async sendNext(): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      const [m, next] = (await tx.query(
        `SELECT id, case_no, template, recipient, content, correlation_id, attempts FROM message
         WHERE status IN ('created', 'temporary_failure') AND next_attempt_at <= now()
         ORDER BY next_attempt_at, created_at LIMIT 2 FOR UPDATE SKIP LOCKED`,
      )) as DueMessage[];
      if (!m) return false;
      // the send and its event carry the correlation id of the request that caused the message
      await requestContext.run({ correlationId: m.correlation_id ?? m.id }, () => this.sendOne(tx, m));
      return next !== undefined;
    });
  }

  private async sendOne(tx: EntityManager, m: DueMessage): Promise<void> {
    const attempt = m.attempts + 1;
    let result: SendResult;
    try {
      result = await this.sms.send({ messageId: m.id, phone: m.recipient, content: m.content, template: m.template, attempt });
    } catch (err) {
      result = { status: 'temporary_failure', reason: `provider ${this.sms.name} failed: ${(err as Error)?.message ?? String(err)}` };
    }
    switch (result.status) {
      case 'delivered':
      case 'sending': {
        const now = this.clock.now();
        // the case's timeline records it; messages sent before a case exists have no case to tell
        const event = m.case_no
          ? this.outbox.envelope(Events.messageSent, { messageId: m.id, caseNo: m.case_no, channel: 'sms', template: m.template, sentAt: now.toISOString() })
          : null;
        // the outcome and its event in one statement
        await tx.query(
          `WITH u AS (
             UPDATE message SET status = $2, attempts = $3, provider_id = $4, sent_at = $5, next_attempt_at = NULL, last_error = NULL WHERE id = $1 RETURNING id)
           INSERT INTO outbox (id, subject, envelope) SELECT $6, $7, $8 FROM u WHERE $6::uuid IS NOT NULL`,
          [m.id, result.status, attempt, result.providerId, now, event?.id ?? null, event?.type ?? null, event ? JSON.stringify(event) : null],
        );
        if (event) this.outbox.track(tx, event);
        return;
      }
      case 'temporary_failure': {
        const reason = maskPii(result.reason);
        if (attempt >= this.env.SMS_MAX_ATTEMPTS) {
          await tx.query(`UPDATE message SET status = 'technical_failure', attempts = $2, next_attempt_at = NULL, last_error = $3 WHERE id = $1`, [
            m.id,
            attempt,
            `gave up after ${attempt} attempts: ${reason}`,
          ]);
          this.logger.error(`message ${m.id} (${m.template}) given up after ${attempt} attempts: ${reason}`);
          return;
        }
        const delay = result.retryAfterMs ?? this.backoff(attempt);
        await tx.query(
          `UPDATE message SET status = 'temporary_failure', attempts = $2, next_attempt_at = now() + make_interval(secs => $3::float8 / 1000), last_error = $4 WHERE id = $1`,
          [m.id, attempt, delay, reason],
        );
        this.logger.warn(`message ${m.id} (${m.template}) temporary failure on attempt ${attempt}, retry in ${delay} ms: ${reason}`);
        return;
      }
      case 'permanent_failure': {
        const reason = maskPii(result.reason);
        await tx.query(`UPDATE message SET status = 'permanent_failure', attempts = $2, next_attempt_at = NULL, last_error = $3 WHERE id = $1`, [m.id, attempt, reason]);
        this.logger.error(`message ${m.id} (${m.template}) permanent failure: ${reason}`);
        return;
      }
    }
  }

  /** 1st retry after SMS_RETRY_BASE_MS, then doubling, at most SMS_RETRY_MAX_MS. */
  private backoff(attempt: number): number {
    return Math.min(this.env.SMS_RETRY_MAX_MS, this.env.SMS_RETRY_BASE_MS * 2 ** Math.min(attempt - 1, 30));
  }
}
