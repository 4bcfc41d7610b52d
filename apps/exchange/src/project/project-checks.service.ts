import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Events, type CaseAcceptedV1, type EventEnvelope, type ProjectCheckView, type ProjectLookupView } from '@yichuang/contracts';
import { Clock, OnEvent, PeriodicJob, retryDelayMs } from '@yichuang/platform';
import type { ExchangeEnv } from '../config.js';
import { EXCHANGE_ENV } from '../tokens.js';
import { ProjectRegistry, type RegistryAnswer } from './project-registry.js';

interface CheckRow {
  case_no: string;
  project_code: string;
  status: 'pending' | 'found' | 'unknown';
  attempts: number;
  checked_at: Date | null;
  last_error: string | null;
}

/** What the window is told, in Chinese: never a refusal. */
export function lookupView(code: string, answer: RegistryAnswer, enabled: boolean): ProjectLookupView {
  if ('found' in answer) return { code, check: 'found', project: answer.found, message: '已从投资项目在线审批监管平台带出项目信息，请核对' };
  if ('unknown' in answer) return { code, check: 'unknown', message: '投资项目在线审批监管平台未登记此项目代码，请核对；可以继续受理，受理后将再次核验' };
  return {
    code,
    check: 'unavailable',
    message: enabled ? '暂时无法连接投资项目在线审批监管平台，可以继续受理，受理后将自动核验' : '未接入投资项目在线审批监管平台，项目代码仅校验格式',
  };
}

/**
 * 项目代码核验 (issue 18.4): the window looks a code up while the clerk types (an answer, never a refusal: the
 * platform may be down); every accepted case's code is then checked again in the background until the platform
 * confirms it — a code it does not know, or a platform that could not be asked, leaves the case on the
 * supervisor's list (`GET /api/v1/supervision/exchange`, `projectChecks`).
 */
@Injectable()
export class ProjectChecksService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ProjectChecks');
  private readonly job: PeriodicJob;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EXCHANGE_ENV) private readonly env: ExchangeEnv,
    private readonly registry: ProjectRegistry,
    private readonly clock: Clock,
  ) {
    this.job = new PeriodicJob('ProjectChecks', env.EXCHANGE_PUSH_INTERVAL_MS, () => this.checkDue());
  }

  onApplicationBootstrap(): void {
    if (!this.registry.enabled) {
      this.logger.log('PROVINCE_TZXM_URL is not set: project codes are checked for their format only');
      return;
    }
    this.job.start();
    this.job.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async lookup(code: string): Promise<ProjectLookupView> {
    return lookupView(code, await this.registry.find(code), this.registry.enabled);
  }

  @OnEvent({ event: Events.caseAccepted, name: 'exchange-project-check-case-accepted' })
  async onAccepted(e: EventEnvelope<CaseAcceptedV1>, tx: EntityManager): Promise<void> {
    const now = this.clock.now();
    await tx.query(
      `INSERT INTO project_check (case_no, project_code, created_at, next_attempt_at) VALUES ($1, $2, $3, $3) ON CONFLICT (case_no) DO NOTHING`,
      [e.data.caseNo, e.data.project.code, now],
    );
    if (this.registry.enabled) setImmediate(() => this.job.kick());
  }

  /** Check the due cases, one per transaction (at most 100 per run). */
  async checkDue(): Promise<number> {
    let checked = 0;
    for (let i = 0; i < 100; i++) {
      const done = await this.ds.transaction(async (tx) => {
        const [row] = (await tx.query(
          `SELECT case_no, project_code, status, attempts FROM project_check WHERE status <> 'found' AND (attempts = 0 OR next_attempt_at <= $1)
           ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.clock.now()],
        )) as CheckRow[];
        if (!row) return true;
        const answer = await this.registry.find(row.project_code);
        const attempts = row.attempts + 1;
        const now = this.clock.now();
        if ('found' in answer) {
          await tx.query(`UPDATE project_check SET status = 'found', attempts = $2, checked_at = $3, last_error = NULL, project = $4 WHERE case_no = $1`, [
            row.case_no,
            attempts,
            now,
            JSON.stringify(answer.found),
          ]);
        } else {
          // unknown: asked again at the longest back-off (the project may be registered late); no answer: sooner
          const delay = 'unknown' in answer ? this.env.EXCHANGE_RETRY_MAX_MS : retryDelayMs(attempts, this.env.EXCHANGE_RETRY_BASE_MS, this.env.EXCHANGE_RETRY_MAX_MS);
          await tx.query(`UPDATE project_check SET status = $2, attempts = $3, checked_at = $4, last_error = $5, next_attempt_at = $6 WHERE case_no = $1`, [
            row.case_no,
            'unknown' in answer ? 'unknown' : 'pending',
            attempts,
            'unknown' in answer ? now : null,
            'error' in answer ? answer.error : '平台未登记此项目代码',
            new Date(now.getTime() + delay),
          ]);
          if ('unknown' in answer) this.logger.warn(`case ${row.case_no}: project code unknown to the 投资项目在线审批监管平台`);
        }
        checked++;
        return false;
      });
      if (done) break;
    }
    return checked;
  }

  /** the cases not confirmed yet, oldest first (at most 100) */
  async unconfirmed(): Promise<ProjectCheckView[]> {
    const rows = (await this.ds.query(
      `SELECT case_no, project_code, status, attempts, checked_at, last_error FROM project_check WHERE status <> 'found' ORDER BY created_at, case_no LIMIT 100`,
    )) as CheckRow[];
    return rows.map((r) => ({
      caseNo: r.case_no,
      projectCode: r.project_code,
      check: r.status === 'unknown' ? 'unknown' : 'unavailable',
      attempts: r.attempts,
      ...(r.checked_at ? { checkedAt: new Date(r.checked_at).toISOString() } : {}),
      ...(r.last_error ? { lastError: r.last_error } : {}),
    }));
  }
}
