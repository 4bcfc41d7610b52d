import { Injectable, Logger } from '@nestjs/common';
import { AppError, EXCHANGE_COUNTERPARTS, type ExchangeBacklog, type ExchangeCounterpart, type ExchangeItemView, type ReconciliationReport } from '@yichuang/contracts';
import { Clock, requireActor } from '@yichuang/platform';
import { Province } from './province.js';
import { itemView, PushRecords } from './push-records.repository.js';
import { PushSender } from './push-sender.js';

/** The supervisor's side of the push: the backlog, a record sent again, the reconciliation of a day. */
@Injectable()
export class PushSupervision {
  private readonly logger = new Logger('ExchangeSupervision');

  constructor(
    private readonly records: PushRecords,
    private readonly sender: PushSender,
    private readonly province: Province,
    private readonly clock: Clock,
  ) {}

  /** per counterpart its counts, and the pending and refused records oldest first */
  async backlog(): Promise<Pick<ExchangeBacklog, 'counterparts' | 'items' | 'reconciliations'>> {
    const counts = await this.records.counts();
    const rows = await this.records.unpushed(100);
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
      reconciliations: await this.records.runs(14),
    };
  }

  /** a refused or backing-off record sent again now (attempts kept); a pushed one is a CONFLICT */
  async retry(id: string): Promise<ExchangeItemView> {
    requireActor('supervisor', 'admin');
    const found = await this.records.sendAgain(id, this.clock.now());
    if (!found) throw AppError.notFound('exchange record');
    if (!('row' in found)) throw new AppError('CONFLICT', '该记录已报送省级平台，无需重新报送');
    this.logger.log(`record ${id} sent again on request`);
    this.sender.kick();
    return itemView(found.row);
  }

  /**
   * What the province holds of `date`'s steps (China time) against what we pushed of them: what it lacks is sent
   * again now (same id: counted once if it had it after all); what it has that we never pushed is listed.
   */
  async reconcile(date: string, only?: ExchangeCounterpart): Promise<ReconciliationReport> {
    const actor = requireActor('supervisor', 'admin');
    return this.reconcileDay(date, only, actor.username);
  }

  /** the reconciliation itself (a supervisor's, or the night's: `ranBy` `daily`), kept with what it found */
  async reconcileDay(date: string, only: ExchangeCounterpart | undefined, ranBy: string): Promise<ReconciliationReport> {
    const report: ReconciliationReport = { date, counterparts: [] };
    for (const counterpart of only ? [only] : EXCHANGE_COUNTERPARTS) {
      const ours = await this.records.ofDay(counterpart, date);
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
        await this.records.requeue(missing, this.clock.now(), `对账：省级平台没有此记录（${date}），重新报送`);
        this.logger.warn(`reconciliation of ${date}: ${missing.length} record(s) missing at ${counterpart}, sent again`);
        this.sender.kick();
      }
      report.counterparts.push({ ...entry, atProvince: atProvince.size, requeued: missing, unknownAtUs: theirs.filter((id) => !known.has(id)) });
    }
    await this.records.saveRun(report, this.clock.now(), ranBy);
    return report;
  }
}
