import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import type { DynamicModule, INestMicroservice, LoggerService, Type } from '@nestjs/common';
import type { ServiceEnv } from './config/env.js';
import { JsonLogger } from './logging/json-logger.js';
import { RpcContextInterceptor, RpcErrorFilter, rpcValidationPipe } from './rpc/rpc-server.js';
import { instanceIdOf } from './service.module.js';
import { AuditTrail } from './audit/audit-trail.js';
import { memoiseValidationMetadata } from './input/validation-metadata-cache.js';

/**
 * Start a back-end service: a Nest microservice on NATS (queue group = service name, so instances share
 * requests), JSON logs, validation that lists every problem, graceful shutdown on SIGTERM/SIGINT.
 */
export async function runService(service: string, env: ServiceEnv, module: Type | DynamicModule): Promise<INestMicroservice> {
  const logger = new JsonLogger(service, env.LOG_LEVEL);
  memoiseValidationMetadata();
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
    transport: Transport.NATS,
    options: {
      servers: env.NATS_URL.split(','),
      queue: service,
      name: `${service}-server:${instanceIdOf(service, env)}`,
      maxReconnectAttempts: -1,
      ...(env.NATS_USER ? { user: env.NATS_USER, pass: env.NATS_PASSWORD ?? '' } : {}),
      // on shutdown: stop taking requests, let in-flight ones answer for this long, then close
      gracefulShutdown: true,
      gracePeriod: env.SHUTDOWN_GRACE_MS,
    },
    logger,
    // a failure while starting is thrown to the caller (main exits non-zero; a test fails) instead of Nest calling
    // process.exit(1), which would end a whole Jest run
    abortOnError: false,
  });
  // the migrations ran while the modules were built (createServiceDataSource): a migration Job is done here
  if (env.MIGRATE_ONLY === 'true') {
    await app.close();
    logger.log(`${service}: migrations done (MIGRATE_ONLY)`);
    return app;
  }
  app.useGlobalPipes(rpcValidationPipe());
  app.useGlobalFilters(new RpcErrorFilter());
  // every state-changing request leaves an audit record (libs/platform/src/audit)
  app.useGlobalInterceptors(new RpcContextInterceptor(auditTrailOf(app, logger)));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen();
  logger.log(`${service} ready`);
  return app;
}

/**
 * The service's AuditTrail (ServicePlatformModule provides it); a module without it — a test module of one
 * controller — runs without audit records, said once in the log.
 */
function auditTrailOf(app: INestMicroservice, logger: LoggerService): AuditTrail | undefined {
  try {
    return app.get(AuditTrail, { strict: false });
  } catch {
    logger.warn('no AuditTrail provider in this module: requests are not audited', 'Bootstrap');
    return undefined;
  }
}
