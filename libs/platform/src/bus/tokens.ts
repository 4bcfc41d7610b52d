import type { NatsConnection } from '@nats-io/transport-node';

export const BUS_OPTIONS = Symbol('BUS_OPTIONS');
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');

export interface BusOptions {
  /** service name: NATS connection name, queue group, durable-consumer prefix, event `source` */
  service: string;
  natsUrl: string;
  instanceId: string;
  rpcTimeoutMs: number;
  /** NATS credentials for this service (deploy/nats); empty in development */
  natsUser?: string;
  natsPassword?: string;
  /** replicas of the events stream when this process creates it (default 1) */
  streamReplicas?: number;
}

export type { NatsConnection };

/** The one JetStream stream of domain events. */
export const EVENTS_STREAM = 'YC_EVENTS';
/** Domain events, and each department's own feed (`yc.dept.<CODE>.evt.…`, read by the department's system). */
export const EVENTS_SUBJECTS = ['yc.evt.>', 'yc.dept.*.evt.>'];
