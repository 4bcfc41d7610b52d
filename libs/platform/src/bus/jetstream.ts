import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy, JetStreamApiError } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { EVENTS_STREAM, EVENTS_SUBJECTS } from './tokens.js';

/** JetStream de-duplication window: a message id seen within it is dropped by the server. */
export const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;

/**
 * Create (or check) the events stream. Idempotent and safe when several services start at once.
 * Retention is by age: consumers are durable, so a stopped service catches up from where it left off.
 */
export async function ensureEventsStream(nc: NatsConnection, maxAgeDays = 30, replicas = 1): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config = {
    name: EVENTS_STREAM,
    subjects: EVENTS_SUBJECTS,
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    max_age: nanos(maxAgeDays * 24 * 3600 * 1000),
    num_replicas: replicas,
  };
  try {
    const info = await jsm.streams.info(EVENTS_STREAM);
    const missing = EVENTS_SUBJECTS.filter((s) => !(info.config.subjects ?? []).includes(s));
    // a stream created by an older version: capture the subjects added since (keeps its messages)
    if (missing.length > 0) await jsm.streams.update(EVENTS_STREAM, { subjects: [...(info.config.subjects ?? []), ...missing] });
    // a stream made on one server and now on a cluster: more replicas asked for are given (JetStream moves the data);
    // never fewer (a service configured for one server does not shrink the cluster's stream)
    if (replicas > (info.config.num_replicas ?? 1)) await jsm.streams.update(EVENTS_STREAM, { ...info.config, subjects: [...(info.config.subjects ?? []), ...missing], num_replicas: replicas });
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    await jsm.streams.add(config);
  } catch (err) {
    // another service created it between our info() and add(): fine if it exists now
    await jsm.streams.info(EVENTS_STREAM).catch(() => {
      throw err;
    });
  }
}

export function isNotFound(err: unknown): boolean {
  if (err instanceof JetStreamApiError) return err.code === 404 || /not found/i.test(err.message);
  return err instanceof Error && /not found/i.test(err.message);
}
