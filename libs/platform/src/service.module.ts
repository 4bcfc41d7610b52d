import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { AUDIT_SINK, AuditTrail, OutboxAuditSink, type AuditSink } from './audit/audit-trail.js';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { healthSubject } from '@yichuang/contracts';
import { BusModule } from './bus/bus.module.js';
import { EventConsumerHost } from './bus/event-consumer-host.js';
import { Outbox } from './bus/outbox.service.js';
import { OutboxRelay } from './bus/outbox-relay.js';
import type { ServiceEnv } from './config/env.js';
import { migrateServiceSchema, serviceDataSourceOptions } from './database/data-source.js';
import { BUSINESS_GAUGES, PlatformMetrics, type BusinessGauge } from './metrics/platform-metrics.js';
import { PROBE_PORT, ProbeServer } from './health/probe-server.js';
import { Idempotency } from './database/idempotency.js';
import { DATABASE_URL } from './database/tokens.js';
import { createHealthController } from './health/health.js';
import { CalendarClient } from './calendar/calendar-client.js';
import { CatalogClient } from './catalog/catalog-client.js';
import { Clock, createClockController } from './clock/clock.js';
import { usePiiCipher } from './crypto/pii.js';
import { piiCipherFromEnv } from './crypto/pii-config.js';

export interface ServicePlatformOptions {
  /** service name = PostgreSQL schema = NATS queue group */
  service: string;
  env: ServiceEnv;
  entities: Function[];
  migrations: Function[];
  /** the service stores personal identity numbers (sealed): refuses to start in production without PII keys */
  personalData?: boolean;
  /** where the audit facts of this service's requests go (default: its outbox, `yc.evt.<service>.audit.recorded.v1`) */
  auditSink?: Type<AuditSink>;
  /** the service's business gauges, each a query of its own schema read when Prometheus scrapes (libs/platform/src/metrics) */
  gauges?: BusinessGauge[];
}

/** The service's clock: real time, or (CLOCK_CONTROL=true and CLOCK_START set) starting at a fixed moment. */
export function clockFor(env: ServiceEnv): Clock {
  if (env.CLOCK_CONTROL !== 'true' || !env.CLOCK_START) return new Clock();
  const start = new Date(env.CLOCK_START);
  if (Number.isNaN(start.getTime())) throw new Error(`CLOCK_START is not a date: ${env.CLOCK_START}`);
  return new Clock(start);
}

export function instanceIdOf(service: string, env: ServiceEnv): string {
  return env.INSTANCE_ID ?? `${service}-${process.pid}`;
}

/**
 * Everything a back-end service stands on: its own schema (migrated at start-up, never synchronised),
 * NATS request/reply, the transactional outbox and its relay, durable idempotent event consumers,
 * idempotency keys, and a health endpoint.
 */
@Global()
@Module({})
export class ServicePlatformModule {
  static forRoot(o: ServicePlatformOptions): DynamicModule {
    const instanceId = instanceIdOf(o.service, o.env);
    if (o.env.CLOCK_CONTROL === 'true' && o.env.NODE_ENV === 'production') {
      throw new Error('CLOCK_CONTROL must not be enabled in production');
    }
    // before any migration or entity is read: they seal and open identity numbers with it
    usePiiCipher(piiCipherFromEnv(o.env, o.personalData === true));
    return {
      module: ServicePlatformModule,
      imports: [
        DiscoveryModule,
        BusModule.forRoot({
          service: o.service,
          natsUrl: o.env.NATS_URL,
          instanceId,
          rpcTimeoutMs: o.env.RPC_TIMEOUT_MS,
          ...(o.env.NATS_USER ? { natsUser: o.env.NATS_USER, natsPassword: o.env.NATS_PASSWORD ?? '' } : {}),
          streamReplicas: o.env.EVENTS_STREAM_REPLICAS,
        }),
        TypeOrmModule.forRootAsync({
          useFactory: () =>
            serviceDataSourceOptions({
              schema: o.service,
              url: o.env.DATABASE_URL,
              entities: o.entities,
              migrations: o.migrations,
              poolSize: o.env.DB_POOL_SIZE,
              applicationName: instanceId,
            }),
          dataSourceFactory: async (options?: DataSourceOptions) => {
            if (!options) throw new Error('no data source options');
            const ds = new DataSource(options);
            await migrateServiceSchema(ds, o.env.DATABASE_URL, o.service);
            return ds;
          },
        }),
      ],
      controllers: [
        createHealthController(o.service, instanceId, healthSubject(o.service)),
        ...(o.env.CLOCK_CONTROL === 'true' ? [createClockController(o.service)] : []),
      ],
      providers: [
        { provide: DATABASE_URL, useValue: o.env.DATABASE_URL },
        Outbox,
        OutboxRelay,
        EventConsumerHost,
        Idempotency,
        CalendarClient,
        CatalogClient,
        { provide: Clock, useFactory: () => clockFor(o.env) },
        { provide: AUDIT_SINK, useClass: o.auditSink ?? OutboxAuditSink },
        AuditTrail,
        { provide: BUSINESS_GAUGES, useValue: o.gauges ?? [] },
        PlatformMetrics,
        { provide: PROBE_PORT, useValue: o.env.HEALTH_PORT },
        ProbeServer,
      ],
      exports: [Outbox, OutboxRelay, Idempotency, DATABASE_URL, CalendarClient, CatalogClient, Clock, AuditTrail],
    };
  }
}
