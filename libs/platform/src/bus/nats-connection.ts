import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { BusOptions } from './tokens.js';

export async function connectNats(o: BusOptions, suffix = ''): Promise<NatsConnection> {
  return connect({
    servers: o.natsUrl.split(','),
    name: `${o.service}${suffix}:${o.instanceId}`,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    ...(o.natsUser ? { user: o.natsUser, pass: o.natsPassword } : {}),
  });
}
