import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { EXCHANGE_COUNTERPARTS } from '@yichuang/contracts';
import { addDays, chinaToday } from '@yichuang/domain';
import { Clock, PeriodicJob } from '@yichuang/platform';
import type { ExchangeEnv } from '../config.js';
import { EXCHANGE_ENV } from '../tokens.js';
import { Province } from './province.js';
import { PushRecords } from './push-records.repository.js';
import { PushSupervision } from './supervision.js';

/** a platform that could not be asked is asked again after this long */
const AGAIN_AFTER_MS = 3_600_000;

/** the day the night's job reconciles at `now`: the day before, once EXCHANGE_RECONCILE_AT has passed in China */
export function dayToReconcile(now: Date, at: string): string {
  const today = chinaToday(now);
  const chinaTime = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(11, 16);
  return addDays(today, chinaTime >= at ? -1 : -2);
}

/**
 * 每日对账 (issue 18.2): each night, after EXCHANGE_RECONCILE_AT (China), the day before is reconciled with every
 * configured platform (`PushSupervision.reconcileDay`: what a platform lacks is sent again, what it has that we never
 * sent is listed) and the run kept for the supervisor; a platform that could not be asked is asked again an hour
 * later, until the next night's run takes over. One instance at a time (a transaction-scoped advisory lock); the job
 * looks every EXCHANGE_RECONCILE_CHECK_MS whether it is due, so a service down at the hour catches up when it is back.
 */
@Injectable()
export class DailyReconciliation implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DailyReconciliation');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EXCHANGE_ENV) private readonly env: ExchangeEnv,
    private readonly province: Province,
    private readonly records: PushRecords,
    private readonly supervision: PushSupervision,
    private readonly clock: Clock,
  ) {
    this.job = new PeriodicJob('DailyReconciliation', env.EXCHANGE_RECONCILE_CHECK_MS, () => this.runIfDue());
  }

  onApplicationBootstrap(): void {
    if (!EXCHANGE_COUNTERPARTS.some((c) => this.province.enabled(c))) return;
    this.job.start();
    this.job.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** the day's run when it is due (none yet, or the last one missed a platform an hour ago or more); the day run, if any */
  async runIfDue(): Promise<string | undefined> {
    const now = this.clock.now();
    const date = dayToReconcile(now, this.env.EXCHANGE_RECONCILE_AT);
    return this.ds.transaction(async (tx) => {
      const [lock] = (await tx.query(`SELECT pg_try_advisory_xact_lock(hashtext('exchange.daily-reconciliation')) AS got`)) as { got: boolean }[];
      if (!lock?.got) return undefined; // another instance is at it
      const last = await this.records.lastDailyRun(date);
      if (last && (last.complete || now.getTime() - new Date(last.ran_at).getTime() < AGAIN_AFTER_MS)) return undefined;
      const report = await this.supervision.reconcileDay(date, undefined, 'daily');
      const lacking = report.counterparts.reduce((n, c) => n + c.requeued.length, 0);
      const unknown = report.counterparts.reduce((n, c) => n + c.unknownAtUs.length, 0);
      const failed = report.counterparts.filter((c) => c.error).map((c) => c.counterpart);
      this.logger.log(`reconciled ${date}: ${lacking} record(s) sent again, ${unknown} unknown here${failed.length ? `, not answered: ${failed.join(', ')}` : ''}`);
      return date;
    });
  }
}
