import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EXCHANGE_COUNTERPARTS } from '@yichuang/contracts';
import { Clock, PeriodicJob, retryDelayMs } from '@yichuang/platform';
import type { ExchangeEnv } from '../config.js';
import { EXCHANGE_ENV } from '../tokens.js';
import { Province } from './province.js';
import { PushRecords } from './push-records.repository.js';

/**
 * The sender (issue 18.2): a `PeriodicJob`, every EXCHANGE_PUSH_INTERVAL_MS and kicked on each new row, takes one due
 * row at a time in order per case and counterpart (`PushRecords.nextDue`, FOR UPDATE SKIP LOCKED: several instances
 * never send one case's steps side by side) — a step first waits EXCHANGE_ORDER_WINDOW_MS, so that one of the same
 * case that happened earlier but was heard a moment later goes first —, posts it and records the answer in the same
 * transaction. A crash
 * between the province's answer and the commit leaves the row pending: it is sent again with the same id, which the
 * province counts once (at least once + de-duplication by our id). Failures are retried with doubling back-off
 * (EXCHANGE_RETRY_BASE_MS … EXCHANGE_RETRY_MAX_MS); refusals (other 4xx) are kept as `rejected` for a person.
 * Nothing here is on the hall's path.
 */
@Injectable()
export class PushSender implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ExchangePush');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EXCHANGE_ENV) private readonly env: ExchangeEnv,
    private readonly province: Province,
    private readonly records: PushRecords,
    private readonly clock: Clock,
  ) {
    this.job = new PeriodicJob('ExchangePush', env.EXCHANGE_PUSH_INTERVAL_MS, () => this.pushDue());
  }

  private get enabled() {
    return EXCHANGE_COUNTERPARTS.filter((c) => this.province.enabled(c));
  }

  onApplicationBootstrap(): void {
    for (const c of EXCHANGE_COUNTERPARTS) {
      if (!this.province.enabled(c)) this.logger.log(`PROVINCE_${c.toUpperCase()}_URL is not set: its records are kept, not pushed`);
    }
    if (!this.enabled.length) return;
    this.job.start();
    this.job.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** after the caller's commit (and `afterMs`, when its rows become due): look for due rows */
  kick(afterMs = 0): void {
    if (!this.enabled.length) return;
    if (afterMs > 0) setTimeout(() => this.job.kick(), afterMs).unref();
    else setImmediate(() => this.job.kick());
  }

  /** Push what is due, one row per transaction, until none is due (at most 200 per run). */
  async pushDue(): Promise<{ pushed: number; retried: number; rejected: number }> {
    const counts = { pushed: 0, retried: 0, rejected: 0 };
    const enabled = this.enabled;
    if (!enabled.length) return counts;
    for (let i = 0; i < 200; i++) {
      const done = await this.ds.transaction(async (tx) => {
        const row = await this.records.nextDue(tx, this.clock.now(), enabled);
        if (!row) return true;
        const result = await this.province.push(row.record);
        const attempts = row.attempts + 1;
        if (result.outcome === 'accepted') {
          await this.records.pushed(tx, row.id, attempts, this.clock.now());
          counts.pushed++;
        } else if (result.outcome === 'rejected') {
          await this.records.rejected(tx, row.id, attempts, result.error);
          this.logger.error(`record ${row.id} refused by the province: ${result.error}`);
          counts.rejected++;
        } else {
          const delay = retryDelayMs(attempts, this.env.EXCHANGE_RETRY_BASE_MS, this.env.EXCHANGE_RETRY_MAX_MS);
          await this.records.retryLater(tx, row.id, attempts, result.error, new Date(this.clock.now().getTime() + delay));
          this.logger.warn(`record ${row.id} not taken (try ${attempts}), again in ${delay} ms: ${result.error}`);
          counts.retried++;
        }
        return false;
      });
      if (done) break;
    }
    return counts;
  }
}
