import { createSecretKey } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { BusModule, Clock, materialStorage, ObjectStorage } from '@yichuang/platform';
import type { GatewayEnv } from './config.js';
import { GATEWAY_ENV } from './tokens.js';
import { AuthGuard, TokenStates } from './http/auth.js';
import { HttpContextInterceptor } from './http/context.interceptor.js';
import { HttpErrorFilter } from './http/error.filter.js';
import { httpValidationPipe } from './http/pipes.js';
import { PlatformController } from './routes/platform.controller.js';
import { CatalogController } from './routes/catalog.controller.js';
import { ApplicationsController } from './routes/applications.controller.js';
import { CasesController } from './routes/cases.controller.js';
import { ReviewController } from './routes/review.controller.js';
import { ResultsController } from './routes/results.controller.js';
import { ExchangeController } from './routes/exchange.controller.js';
import { ProjectCodesController } from './routes/project-codes.controller.js';
import { ProvinceCallbacksController } from './routes/province-callbacks.controller.js';
import { EvaluationController } from './routes/evaluation.controller.js';
import { DocumentsController } from './routes/documents.controller.js';
import { QueueController } from './routes/queue.controller.js';
import { FollowUpController } from './routes/follow-up.controller.js';
import { SupervisionController } from './routes/supervision.controller.js';
import { HallController } from './routes/hall.controller.js';
import { AdminController } from './routes/admin.controller.js';
import { HallAdminController } from './routes/hall-admin.controller.js';
import { StaffAccountsController } from './routes/staff-accounts.controller.js';
import { SmsTemplatesController } from './routes/sms-templates.controller.js';
import { PortalController } from './routes/portal.controller.js';
import { LabelsController } from './routes/labels.controller.js';
import { DeliveryController } from './routes/delivery.controller.js';
import { CallbacksController } from './routes/callbacks.controller.js';
import { NotificationsController } from './routes/notifications.controller.js';
import { AuditController } from './routes/audit.controller.js';
import { StatisticsController } from './routes/statistics.controller.js';
import { MaterialFilesController } from './routes/material-files.controller.js';
import { MaterialFileInterceptor, MaterialUploads } from './materials/material-uploads.js';
import { UpdatesController } from './routes/updates.controller.js';
import { UpdatesFeed } from './updates/updates-feed.js';

/** Every controller of the gateway; each of their routes has its entry in ACCESS_MATRIX (checked by access.spec.ts). */
export const GATEWAY_CONTROLLERS = [PlatformController, CatalogController, ApplicationsController, CasesController, ReviewController, ResultsController, DocumentsController, QueueController, FollowUpController, SupervisionController, HallController, AdminController, StaffAccountsController, HallAdminController, SmsTemplatesController, PortalController, LabelsController, DeliveryController, CallbacksController, NotificationsController, AuditController, StatisticsController, EvaluationController, MaterialFilesController, ExchangeController, ProjectCodesController, ProvinceCallbacksController, UpdatesController];

/** The HTTP API of the hall terminals (contract gateway-v1). No business state: everything goes over NATS. */
@Module({})
export class GatewayModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        BusModule.forRoot({
          service: 'gateway',
          natsUrl: env.NATS_URL,
          instanceId: env.INSTANCE_ID ?? `gateway-${process.pid}`,
          rpcTimeoutMs: env.RPC_TIMEOUT_MS,
          ...(env.NATS_USER ? { natsUser: env.NATS_USER, natsPassword: env.NATS_PASSWORD ?? '' } : {}),
          streamReplicas: env.EVENTS_STREAM_REPLICAS,
        }),
        // in-memory limits per client address (per gateway instance): only on the public inquiry for now
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: 20 }]),
        // A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a public key on
        // every verify (and throws), which cost ≈ 2 ms of CPU per request in the acceptance benchmark.
        JwtModule.register({ secret: createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8')), signOptions: { algorithm: 'HS256' }, verifyOptions: { algorithms: ['HS256'] } }),
      ],
      controllers: GATEWAY_CONTROLLERS,
      providers: [
        { provide: GATEWAY_ENV, useValue: env },
        // real time: the gateway keeps no business time; its clock dates and checks access tokens
        { provide: Clock, useFactory: () => new Clock() },
        TokenStates,
        // 电子材料: the bytes live here (filesystem or S3-compatible), the metadata in intake
        { provide: ObjectStorage, useFactory: () => materialStorage(env) },
        MaterialUploads,
        // the terminals' push channel (GET /api/v1/updates)
        UpdatesFeed,
        MaterialFileInterceptor,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: HttpContextInterceptor },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: httpValidationPipe },
      ],
    };
  }
}
