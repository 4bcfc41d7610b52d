/**
 * Real infrastructure for integration and end-to-end tests.
 * - PostgreSQL: a fresh database per suite on TEST_DATABASE_URL (default: the machine's server at
 *   127.0.0.1:5432), dropped afterwards; with no server there, an embedded PostgreSQL.
 * - NATS: a private `nats-server -js` per suite on a free port when the binary is installed (full isolation
 *   of subjects and streams between suites); otherwise TEST_NATS_URL / NATS_URL.
 */
import os from 'node:os';
import path from 'node:path';
import { canConnect, createDatabase, findNatsServer, startEmbeddedPostgres, startNatsServer, RpcClient, type RunningPostgres } from '@yichuang/platform';
import { randomUUID } from 'node:crypto';
import { connect, nanos } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { EventDef, EventEnvelope } from '@yichuang/contracts';
import { ensureEventsStream } from '@yichuang/platform';
import { testConfig } from './config.js';
import { TEST_INSTANT } from './time.js';

export interface TestInfra {
  databaseUrl: string;
  natsUrl: string;
  stop(): Promise<void>;
  /** the embedded PostgreSQL, when this infrastructure runs its own (it can be crashed: the chaos run) */
  embedded?: RunningPostgres;
}

/**
 * `embeddedSettings`: always run an embedded PostgreSQL of our own, with these server settings (a benchmark that
 * needs `pg_stat_statements` preloaded, which the machine's server is not).
 */
export async function startTestInfra(options: { embeddedSettings?: Record<string, string> } = {}): Promise<TestInfra> {
  const stops: (() => Promise<void>)[] = [];
  let serverUrl = testConfig.databaseServerUrl;
  const u = new URL(serverUrl);
  let embedded: RunningPostgres | undefined;
  if (options.embeddedSettings || !(await canConnect(u.hostname, Number(u.port || 5432)))) {
    embedded = await startEmbeddedPostgres(path.join(os.tmpdir(), `yc-test-pg-${process.pid}`), undefined, options.embeddedSettings);
    stops.push(embedded.stop);
    serverUrl = embedded.url;
  }
  const db = await createDatabase(serverUrl);
  stops.push(db.drop);

  let natsUrl = testConfig.natsUrl;
  if (findNatsServer()) {
    const nats = await startNatsServer();
    stops.push(nats.stop);
    natsUrl = nats.url;
  }
  return {
    databaseUrl: db.url,
    natsUrl,
    ...(embedded ? { embedded } : {}),
    stop: async () => {
      for (const s of stops.reverse()) await s().catch(() => undefined);
    },
  };
}

/** Poll until `fn` returns a truthy value (or throw after `timeoutMs`). For eventual consistency over events. */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      lastError = err;
    }
    if (performance.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}


/** A typed RPC client for tests, as if it were another service. Close it with `onApplicationShutdown()`. */
export function testRpcClient(natsUrl: string, timeoutMs = 10_000): RpcClient {
  return new RpcClient({ service: 'test', natsUrl, instanceId: `test-${process.pid}`, rpcTimeoutMs: timeoutMs });
}


/**
 * Publish an event straight onto JetStream as another service's outbox relay would (same envelope,
 * `Nats-Msg-Id` = event id). Publishing the same id twice within the de-duplication window is dropped by
 * the server; give another `msgId` to simulate an old duplicate that slipped past the window. The envelope's
 * `occurredAt` is `opts.occurredAt` (an ISO instant, see time.ts), by default `TEST_INSTANT` — never the
 * machine's date.
 */
export async function publishTestEvent<P>(
  natsUrl: string,
  def: EventDef<P>,
  data: P,
  opts: { id?: string; source?: string; msgId?: string; occurredAt?: string } = {},
): Promise<EventEnvelope<P>> {
  const nc = await connect({ servers: natsUrl });
  try {
    await ensureEventsStream(nc);
    const envelope: EventEnvelope<P> = {
      id: opts.id ?? randomUUID(),
      type: def.subject,
      source: opts.source ?? 'test',
      occurredAt: opts.occurredAt ?? TEST_INSTANT,
      correlationId: randomUUID(),
      data,
    };
    await jetstream(nc).publish(def.subject, JSON.stringify(envelope), { msgID: opts.msgId ?? envelope.id });
    return envelope;
  } finally {
    await nc.close();
  }
}

/** Collect every event published on a subject (from the stream's start) — to assert what a service emitted. */
export async function readEvents<P>(natsUrl: string, def: EventDef<P>, waitMs = 2000): Promise<EventEnvelope<P>[]> {
  const nc = await connect({ servers: natsUrl });
  try {
    await ensureEventsStream(nc);
    const js = jetstream(nc);
    // an ephemeral consumer with one filter subject (ordered consumers need filter_subjects: NATS 2.10+)
    const jsm = await jetstreamManager(nc);
    const info = await jsm.consumers.add('YC_EVENTS', {
      filter_subject: def.subject,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      inactive_threshold: nanos(30_000),
    });
    const consumer = await js.consumers.get('YC_EVENTS', info.name);
    const out: EventEnvelope<P>[] = [];
    for (let i = 0; i < info.num_pending; i++) {
      const m = await consumer.next({ expires: Math.max(1000, waitMs) });
      if (!m) break;
      out.push(m.json<EventEnvelope<P>>());
    }
    await jsm.consumers.delete('YC_EVENTS', info.name).catch(() => undefined);
    return out;
  } finally {
    await nc.close();
  }
}

/**
 * The passwords for a test nats-server running deploy/nats/nats-server.conf: `NATS_PW_<USER>` = `pw-<user>` for every
 * `$NATS_PW_…` the file names (so a user added to the file needs nothing here).
 */
export function natsConfPasswords(conf: string): Record<string, string> {
  const names = [...new Set([...conf.matchAll(/\$NATS_PW_([A-Z0-9_]+)/g)].map((m) => m[1] as string))];
  return Object.fromEntries(names.map((u) => [`NATS_PW_${u}`, `pw-${u.toLowerCase()}`]));
}
