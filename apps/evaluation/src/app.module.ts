import { Module, type DynamicModule } from '@nestjs/common';
import { ServicePlatformModule } from '@yichuang/platform';
import type { EvaluationEnv } from './config.js';
import { EVALUATION_ENV } from './tokens.js';
import { CaseRef, Evaluation, Rectification } from './ratings/rating.entities.js';
import { RatingsService } from './ratings/ratings.service.js';
import { RatingsNats } from './ratings/ratings.nats.js';
import { ServiceEventsService } from './ratings/service-events.service.js';
import { RectificationService } from './rectification/rectification.service.js';
import { EvaluationJobs } from './rectification/evaluation-jobs.js';
import { ServiceEventsAndRectification1766900000000 } from './migrations/1766900000000-ServiceEventsAndRectification.js';
import { Init1764100000000 } from './migrations/1764100000000-Init.js';
import { RectificationDueDate1764700000000 } from './migrations/1764700000000-RectificationDueDate.js';
import { OutboxPublishedOnCommit1765100000000 } from './migrations/1765100000000-OutboxPublishedOnCommit.js';
import { ProvincialPush1767000000000 } from './migrations/1767000000000-ProvincialPush.js';
import { CompletionSmsLinks1767100000000 } from './migrations/1767100000000-CompletionSmsLinks.js';
import { ProvinceRatings1767800000000 } from './migrations/1767800000000-ProvinceRatings.js';
import { RatingLinksService } from './ratings/rating-links.service.js';
import { HttpProvincialPlatform, ProvincialPlatform } from './push/provincial-platform.js';
import { ProvincialPushService } from './push/provincial-push.service.js';
import { ProvincialPushNats } from './push/provincial-push.nats.js';

export const EVALUATION_ENTITIES = [CaseRef, Evaluation, Rectification];
export const EVALUATION_MIGRATIONS = [Init1764100000000, RectificationDueDate1764700000000, OutboxPublishedOnCommit1765100000000, ServiceEventsAndRectification1766900000000, ProvincialPush1767000000000, CompletionSmsLinks1767100000000, ProvinceRatings1767800000000];

/** Service ratings (好差评). */
@Module({})
export class EvaluationModule {
  static forRoot(env: EvaluationEnv): DynamicModule {
    return {
      module: EvaluationModule,
      imports: [ServicePlatformModule.forRoot({ service: 'evaluation', env, entities: EVALUATION_ENTITIES, migrations: EVALUATION_MIGRATIONS })],
      controllers: [RatingsNats, ProvincialPushNats],
      providers: [{ provide: EVALUATION_ENV, useValue: env }, RatingsService, ServiceEventsService, RatingLinksService, RectificationService, EvaluationJobs, ProvincialPushService, { provide: ProvincialPlatform, useClass: HttpProvincialPlatform }],
    };
  }
}
