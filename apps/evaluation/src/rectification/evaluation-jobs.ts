import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap, Inject } from '@nestjs/common';
import { PeriodicJob } from '@yichuang/platform';
import { EVALUATION_ENV } from '../tokens.js';
import type { EvaluationEnv } from '../config.js';
import { ServiceEventsService } from '../ratings/service-events.service.js';
import { RectificationService } from './rectification.service.js';

/** The periodic job (every EVALUATION_SWEEP_MS, on the service's Clock): defaults for unrated events, rectification alarms. */
@Injectable()
export class EvaluationJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: PeriodicJob;

  constructor(
    private readonly events: ServiceEventsService,
    private readonly rectifications: RectificationService,
    @Inject(EVALUATION_ENV) env: EvaluationEnv,
  ) {
    this.job = new PeriodicJob('EvaluationSweep', env.EVALUATION_SWEEP_MS, () => this.sweep());
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  async sweep(): Promise<{ defaulted: number; alarms: number }> {
    const defaulted = await this.events.applyDefaults();
    const alarms = await this.rectifications.sweepAlarms();
    return { defaulted, alarms };
  }
}
