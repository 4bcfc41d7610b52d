import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, type EntityManager } from 'typeorm';
import { Events, type MessageChannel } from '@yichuang/contracts';
import { maskPii } from '@yichuang/domain';
import { afterCommit, Clock, Outbox, requestContext } from '@yichuang/platform';
import { RatingInvitations } from './rating-invitations.js';
import { NOTIFICATION_ENV } from '../tokens.js';
import type { NotificationEnv } from '../config.js';
import type { InboundReceipt, InboundReply, MessageProvider, SendResult } from '../providers/provider.js';
import { ProviderHealth } from '../providers/provider-health.js';
import { MESSAGE_PROVIDERS, ReceiptRecorder } from '../providers/registry-tokens.js';
import { quietUntil } from './quiet-hours.js';
import { chinaDayStart, recipientWaitUntil, TokenBucket } from './send-limits.js';

const BATCH = 100;

interface DueMessage {
  id: string;
  case_no: string | null;
  channel: MessageChannel;
  template: string;
  recipient: string;
  content: string;
  correlation_id: string | null;
  attempts: number;
  status: string;
  provider: string | null;
  params: Record<string, string> | null;
  quiet_hours: boolean;
}

/** A message taken for one try: the attempt row is committed, the provider not yet asked. */
interface Claim {
  m: DueMessage;
  provider: MessageProvider;
  attemptId: string;
  clientRef: string;
  attempt: number;
}

/**
 * Sends due messages (`created`, and `temporary_failure` whose retry is due) through the configured providers, exactly
 * once even when the process is killed at any moment:
 *
 * 1. Claim (one transaction): the message row is locked with FOR UPDATE SKIP LOCKED (several instances never take the
 *    same message); per-recipient limits may push it later; the provider is chosen (priority order, failover); an
 *    attempt row naming the provider and the client reference is inserted and the message set `sending`. Commit.
 * 2. The provider is asked (bounded by SMS_SEND_TIMEOUT_MS; at most SMS_GLOBAL_PER_SECOND tries a second).
 * 3. Record (one transaction): the answer on the attempt and the message, and `message.sent` to the outbox.
 *
 * A try whose answer never came (timeout, dropped connection — or the process died between 1 and 3, found by the
 * sweep once the attempt is older than twice the timeout) is `unknown` and its message `unconfirmed`: never sent again,
 * on no provider, since the applicant must not get it twice; a late receipt still settles it (matched by the
 * provider's message id, or by the client reference and the phone). Temporary failures are retried with exponential
 * back-off until SMS_MAX_ATTEMPTS, on another provider at once if one is available; permanent failures are final.
 */
@Injectable()
export class SmsDispatcher extends ReceiptRecorder implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SmsDispatcher');
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  readonly health: ProviderHealth;
  private readonly bucket: TokenBucket;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NOTIFICATION_ENV) private readonly env: NotificationEnv,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    @Inject(MESSAGE_PROVIDERS) providers: MessageProvider[],
    private readonly invitations: RatingInvitations,
  ) {
    super();
    this.health = new ProviderHealth(providers, { slowMs: env.SMS_SLOW_MS, failureThreshold: env.SMS_FAILURE_THRESHOLD, coolDownMs: env.SMS_COOL_DOWN_MS }, () => clock.now());
    this.bucket = new TokenBucket(env.SMS_GLOBAL_PER_SECOND, () => performance.now());
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const p of this.health.providers) {
      await p.start(
        (name, receipt) => this.record(name, receipt).then(() => undefined),
        (name, reply) => this.invitations.reply(name, reply),
      );
      this.logger.log(`provider ${p.name} (${p.channel}) started`);
    }
    if (this.health.providers.some((p) => p.name === 'dev')) {
      const line = 'SMS_PROVIDERS=dev: messages are marked delivered but no SMS leaves this system (set SMS_PROVIDERS=smpp and SMPP_URL… to send; see apps/notification/README.md)';
      if (this.env.NODE_ENV === 'production') this.logger.warn(line);
      else this.logger.log(line);
    }
    this.timer = setInterval(() => this.kick(), this.env.SMS_POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    for (const p of this.health.providers) await p.stop().catch((err: unknown) => this.logger.warn(`provider ${p.name} did not stop cleanly: ${maskPii(String(err))}`));
  }

  /** Send what the caller's transaction created, right after it commits (nothing if it rolls back). */
  wake(tx: EntityManager): void {
    afterCommit(tx, () => this.kick());
  }

  /** Whether a channel has a configured provider (messages of other channels are not created). */
  serves(channel: MessageChannel): boolean {
    return this.health.serves(channel);
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
   * A provider's delivery receipt (状态报告). Matched to its attempt by the provider's message id, else by the client
   * reference (and the phone, when the receipt names it) — so a receipt for a try whose answer was lost still counts.
   * Recorded on the attempt always; it settles the message if that attempt is the message's current one and the
   * message still waits (`sending`, `unconfirmed`). Idempotent. Answers whether it matched an attempt.
   */
  /** A reply a platform pushed (HTTP callbacks): to the rating invitations (SMPP replies come through `start`). */
  recordReply(provider: string, reply: InboundReply): Promise<void> {
    return this.invitations.reply(provider, reply);
  }

  async record(provider: string, receipt: InboundReceipt): Promise<boolean> {
    return this.ds.transaction(async (tx) => {
      const [a] = (await tx.query(
        `SELECT id, message_id FROM message_attempt
         WHERE provider = $1 AND (($2::text IS NOT NULL AND provider_message_id = $2) OR ($3::text IS NOT NULL AND client_ref = $3 AND ($4::text IS NULL OR recipient = $4)))
         ORDER BY (provider_message_id = $2) DESC NULLS LAST, started_at DESC LIMIT 1 FOR UPDATE`,
        [provider, receipt.providerMessageId ?? null, receipt.clientRef ?? null, receipt.to ?? null],
      )) as { id: string; message_id: string }[];
      if (!a) {
        this.logger.warn(`receipt from ${provider} matches no attempt (message id ${receipt.providerMessageId ?? '-'}, reference ${receipt.clientRef ?? '-'})`);
        return false;
      }
      const reason = receipt.reason ? maskPii(receipt.reason) : null;
      const now = this.clock.now();
      await tx.query(
        `UPDATE message_attempt SET receipt_status = $2, receipt_reason = $3, receipt_at = $4, provider_message_id = COALESCE(provider_message_id, $5) WHERE id = $1`,
        [a.id, receipt.status, reason, receipt.at ?? now, receipt.providerMessageId ?? null],
      );
      const [m] = (await tx.query(`SELECT id, case_no, template, channel, status, attempts, quiet_hours FROM message WHERE id = $1 AND current_attempt_id = $2 FOR UPDATE`, [
        a.message_id,
        a.id,
      ])) as { id: string; case_no: string | null; template: string; channel: MessageChannel; status: string; attempts: number; quiet_hours: boolean }[];
      if (!m || (m.status !== 'sending' && m.status !== 'unconfirmed')) return true;
      if (receipt.status === 'temporary_failure' && m.attempts < this.env.SMS_MAX_ATTEMPTS) {
        // the platform gave up on it for a reason that may pass (phone off for days): a fresh try, later
        await tx.query(`UPDATE message SET status = 'temporary_failure', next_attempt_at = $2, last_error = $3 WHERE id = $1`, [m.id, m.quiet_hours ? this.outsideQuietHours(this.later(now, m.attempts)) : this.later(now, m.attempts), reason]);
      } else {
        const status = receipt.status === 'temporary_failure' ? 'technical_failure' : receipt.status;
        await tx.query(`UPDATE message SET status = $2, last_error = $3, sent_at = COALESCE(sent_at, $4) WHERE id = $1`, [m.id, status, reason, receipt.status === 'delivered' ? now : null]);
        // an unconfirmed message had no message.sent yet: its late receipt is the news
        if (status === 'delivered' && m.status === 'unconfirmed' && m.case_no) {
          await this.outbox.add(tx, Events.messageSent, { messageId: m.id, caseNo: m.case_no, channel: m.channel, template: m.template, sentAt: now.toISOString() });
        }
      }
      if (receipt.status !== 'delivered') this.logger.warn(`message ${m.id} (${m.template}) receipt from ${provider}: ${receipt.status} ${reason ?? ''}`);
      return true;
    });
  }

  private async drain(): Promise<void> {
    await this.sweepAbandoned();
    for (let i = 0; i < BATCH; i++) {
      if (this.stopped || !(await this.sendNext())) return;
    }
    this.again = true; // more may be waiting: go on after letting others in
  }

  /**
   * Attempts left `submitting` by a process that died between asking the provider and recording its answer: their
   * outcome is unknown. Older than twice the send timeout, no live instance can still be waiting for them.
   */
  private async sweepAbandoned(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - 2 * this.env.SMS_SEND_TIMEOUT_MS - 1000);
    const rows = (await this.ds.query(
      `WITH a AS (
         UPDATE message_attempt SET status = 'unknown', error = 'the sending process stopped before the provider''s answer was recorded', answered_at = $2
         WHERE status = 'submitting' AND started_at < $1 RETURNING id, message_id)
       UPDATE message m SET status = 'unconfirmed', last_error = '发送过程中断，短信是否发出无法确认'
       FROM a WHERE m.id = a.message_id AND m.current_attempt_id = a.id AND m.status = 'sending' RETURNING m.id`,
      [cutoff, this.clock.now()],
    )) as [unknown[], number] | unknown[];
    const n = Array.isArray(rows[0]) ? (rows[1] as number) : rows.length;
    if (n > 0) this.logger.warn(`${n} message(s) unconfirmed: their sending process stopped before the provider's answer was recorded; they are not sent again`);
  }

  /** Send the next due message, if any; answers whether another one is due. */
  private async sendNext(): Promise<boolean> {
    const wait = this.bucket.take();
    if (wait > 0) await sleep(wait);
    const { claim, more } = await this.claim();
    if (claim) {
      // the send and its event carry the correlation id of the request that caused the message
      await requestContext.run({ correlationId: claim.m.correlation_id ?? claim.m.id }, async () => {
        const started = performance.now();
        const result = await this.ask(claim);
        this.health.report(claim.provider.name, result, performance.now() - started);
        await this.pauseForTest(claim, result);
        await this.answer(claim, result, Math.round(performance.now() - started));
      });
    }
    return more;
  }

  /** Step 1: lock the next due message, check the limits, choose the provider, commit the attempt. */
  private async claim(): Promise<{ claim: Claim | null; more: boolean }> {
    return this.ds.transaction(async (tx) => {
      const now = this.clock.now();
      // two are locked so as to know whether another is due without a further transaction
      const [m, next] = (await tx.query(
        `SELECT m.id, m.case_no, m.channel, m.template, m.recipient, m.content, m.correlation_id, m.attempts, m.status, m.provider,
                m.params, m.quiet_hours
         FROM message m WHERE m.status IN ('created', 'temporary_failure') AND m.next_attempt_at <= $1
         ORDER BY m.next_attempt_at, m.created_at LIMIT 2 FOR UPDATE SKIP LOCKED`,
        [now],
      )) as DueMessage[];
      if (!m) return { claim: null, more: false };
      const more = next !== undefined;
      // the applicant's one-time code is waited for at the screen: it is limited where it is made (intake: one a
      // minute, a few an hour per phone), not held behind the per-phone SMS limits
      if (m.channel === 'sms' && m.template !== 'PORTAL_CODE') {
        const limited = await this.recipientWait(tx, m.recipient, now);
        const until = limited && m.quiet_hours ? this.outsideQuietHours(limited) : limited;
        if (until) {
          await tx.query(`UPDATE message SET next_attempt_at = $2 WHERE id = $1`, [m.id, until]);
          this.logger.log(`message ${m.id} (${m.template}) waits until ${until.toISOString()}: the recipient's SMS limit is reached`);
          return { claim: null, more: true };
        }
      }
      const provider = await this.health.choose(m.channel, m.status === 'temporary_failure' ? m.provider : null);
      if (!provider) {
        const at = this.health.nextAvailableAt(m.channel) ?? new Date(now.getTime() + this.env.SMS_RETRY_BASE_MS);
        await tx.query(`UPDATE message SET next_attempt_at = $2, last_error = $3 WHERE id = $1`, [m.id, at, `no ${m.channel} provider available`]);
        return { claim: null, more };
      }
      const attemptId = randomUUID();
      const clientRef = provider.reference(attemptId);
      const attempt = m.attempts + 1;
      await tx.query(
        `WITH a AS (
           INSERT INTO message_attempt (id, message_id, no, provider, client_ref, recipient, status, started_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'submitting', $7) RETURNING id)
         UPDATE message SET status = 'sending', attempts = $3, provider = $4, current_attempt_id = $1, next_attempt_at = NULL FROM a WHERE message.id = $2`,
        [attemptId, m.id, attempt, provider.name, clientRef, m.recipient, now],
      );
      return { claim: { m, provider, attemptId, clientRef, attempt }, more };
    });
  }

  /**
   * When the next SMS to this phone may go (null: now). Counts the tries that may have reached the phone (asked, sent,
   * delivered, unknown) — including those in flight in other instances: the phone's claims are serialised by a lock.
   */
  private async recipientWait(tx: EntityManager, recipient: string, now: Date): Promise<Date | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('sms-recipient:' || $1))`, [recipient]);
    const [u] = (await tx.query(
      `SELECT count(*) FILTER (WHERE started_at > $2)::int AS last_hour, min(started_at) FILTER (WHERE started_at > $2) AS oldest, count(*) FILTER (WHERE started_at >= $3)::int AS today
       FROM message_attempt WHERE recipient = $1 AND started_at > $4 AND status IN ('submitting', 'sending', 'delivered', 'unknown')`,
      [recipient, new Date(now.getTime() - 3_600_000), chinaDayStart(now), new Date(now.getTime() - 86_400_000)],
    )) as { last_hour: number; oldest: Date | null; today: number }[];
    return recipientWaitUntil(now, { lastHour: u?.last_hour ?? 0, oldestInLastHour: u?.oldest ?? null, today: u?.today ?? 0 }, {
      perHour: this.env.SMS_PER_RECIPIENT_PER_HOUR,
      perDay: this.env.SMS_PER_RECIPIENT_PER_DAY,
    });
  }

  /** Step 2: one try, never longer than the send timeout (a provider that overruns it is `unknown`). */
  private async ask(c: Claim): Promise<SendResult> {
    const timeout = this.env.SMS_SEND_TIMEOUT_MS + 1000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        c.provider.send({
          messageId: c.m.id,
          attemptId: c.attemptId,
          clientRef: c.clientRef,
          channel: c.m.channel,
          to: c.m.recipient,
          content: c.m.content,
          template: c.m.template,
          params: c.m.params ?? {},
          attempt: c.attempt,
        }),
        new Promise<SendResult>((resolve) => {
          timer = setTimeout(() => resolve({ status: 'unknown', reason: `provider ${c.provider.name} did not answer within ${timeout} ms` }), timeout);
        }),
      ]);
    } catch (err) {
      return { status: 'unknown', reason: `provider ${c.provider.name} failed: ${(err as Error)?.message ?? String(err)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * TEST ONLY (SMS_TEST_PAUSE_AFTER_PROVIDER=true, refused in production): stop here for ever — after the provider
   * accepted the message, before our commit — so that an end-to-end test can SIGKILL the process exactly in that gap.
   */
  private async pauseForTest(c: Claim, result: SendResult): Promise<void> {
    if (this.env.SMS_TEST_PAUSE_AFTER_PROVIDER !== 'true' || this.env.NODE_ENV === 'production' || result.status !== 'sending') return;
    this.logger.warn(`TEST HOOK: message ${c.m.id}: ${c.provider.name} accepted it; pausing before the commit (SMS_TEST_PAUSE_AFTER_PROVIDER)`);
    await new Promise<never>(() => undefined);
  }

  /** Step 3: the answer on the attempt and the message, and `message.sent`, in one transaction. */
  private async answer(c: Claim, result: SendResult, latencyMs: number): Promise<void> {
    const { m, attemptId, attempt, provider } = c;
    await this.ds.transaction(async (tx) => {
      const now = this.clock.now();
      const providerMessageId = result.status === 'delivered' || result.status === 'sending' ? result.providerMessageId : null;
      const error = result.status === 'delivered' || result.status === 'sending' ? null : maskPii(result.reason);
      const [, changed] = (await tx.query(
        `UPDATE message_attempt SET status = $2, provider_message_id = COALESCE($3, provider_message_id), error = $4, answered_at = $5, latency_ms = $6
         WHERE id = $1 AND status = 'submitting'`,
        [attemptId, result.status, providerMessageId, error, now, latencyMs],
      )) as [unknown[], number];
      // the sweep took it for abandoned (this process was stalled past twice the timeout): its verdict stands
      if (changed === 0) return;
      switch (result.status) {
        case 'delivered':
        case 'sending': {
          // a receipt that came before this answer may already have settled the status: keep it
          await tx.query(
            `UPDATE message SET status = CASE WHEN status = 'sending' THEN $2 ELSE status END, provider_id = $3, sent_at = $4, last_error = NULL WHERE id = $1 AND current_attempt_id = $5`,
            [m.id, result.status, providerMessageId, now, attemptId],
          );
          if (m.case_no) await this.outbox.add(tx, Events.messageSent, { messageId: m.id, caseNo: m.case_no, channel: m.channel, template: m.template, sentAt: now.toISOString() });
          return;
        }
        case 'temporary_failure': {
          if (attempt >= this.env.SMS_MAX_ATTEMPTS) {
            await tx.query(`UPDATE message SET status = 'technical_failure', last_error = $2 WHERE id = $1 AND current_attempt_id = $3`, [
              m.id,
              `gave up after ${attempt} attempts: ${error}`,
              attemptId,
            ]);
            this.logger.error(`message ${m.id} (${m.template}) given up after ${attempt} attempts: ${error}`);
            return;
          }
          // another provider can take it now; else this one again after the back-off (or when it says)
          const failover = this.health.hasAlternative(m.channel, provider.name);
          const retry = failover ? now : new Date(now.getTime() + (result.retryAfterMs ?? this.backoff(attempt)));
          const at = m.quiet_hours ? this.outsideQuietHours(retry) : retry;
          await tx.query(`UPDATE message SET status = 'temporary_failure', next_attempt_at = $2, last_error = $3 WHERE id = $1 AND current_attempt_id = $4`, [
            m.id,
            at,
            error,
            attemptId,
          ]);
          this.logger.warn(`message ${m.id} (${m.template}) temporary failure at ${provider.name} on attempt ${attempt}, ${failover ? 'failing over' : `retry at ${at.toISOString()}`}: ${error}`);
          if (failover) this.again = true;
          return;
        }
        case 'permanent_failure': {
          await tx.query(`UPDATE message SET status = 'permanent_failure', last_error = $2 WHERE id = $1 AND current_attempt_id = $3`, [m.id, error, attemptId]);
          this.logger.error(`message ${m.id} (${m.template}) permanent failure at ${provider.name}: ${error}`);
          return;
        }
        case 'unknown': {
          await tx.query(`UPDATE message SET status = 'unconfirmed', last_error = $2 WHERE id = $1 AND current_attempt_id = $3 AND status = 'sending'`, [m.id, error, attemptId]);
          this.logger.error(`message ${m.id} (${m.template}) unconfirmed at ${provider.name} (not sent again; a late receipt settles it): ${error}`);
          return;
        }
      }
    });
  }

  /** a time a message that respects quiet hours (免打扰时段) may go: `at`, or the end of the quiet window it falls in */
  private outsideQuietHours(at: Date): Date {
    return quietUntil(at, this.env.SMS_QUIET_FROM, this.env.SMS_QUIET_UNTIL) ?? at;
  }

  /** when a message that failed for a passing reason may be tried again */
  private later(now: Date, attempt: number): Date {
    return new Date(now.getTime() + this.backoff(attempt));
  }

  /** 1st retry after SMS_RETRY_BASE_MS, then doubling, at most SMS_RETRY_MAX_MS. */
  private backoff(attempt: number): number {
    return Math.min(this.env.SMS_RETRY_MAX_MS, this.env.SMS_RETRY_BASE_MS * 2 ** Math.min(attempt - 1, 30));
  }
}
