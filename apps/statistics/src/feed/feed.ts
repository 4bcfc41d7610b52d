import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, Events, type EventDef, type EventEnvelope, type RebuildReply, type StatisticsFeedStatus } from '@yichuang/contracts';
import { EVENTS_STREAM, isNotFound, NATS_CONNECTION, requestContext, type NatsConnection } from '@yichuang/platform';
import { STATISTICS_ENV } from '../tokens.js';
import type { StatisticsEnv } from '../config.js';
import { project, projects, READ_MODEL_TABLES } from './projector.js';

/** the durable consumer of the read model (one, on every event, in stream order) */
export const FEED_CONSUMER = 'statistics__feed';
const FEED_FILTER = 'yc.evt.>';
const ACK_WAIT_MS = 30_000;
/** failed deliveries of one event before it is parked in dead_letter and the feed goes on */
const MAX_DELIVER = 10;

const EVENT_DEFS: ReadonlyMap<string, EventDef<object>> = new Map(Object.values(Events).map((d) => [d.subject, d as EventDef<object>]));

interface Item {
  seq: number;
  envelope: EventEnvelope<unknown>;
  msg?: JsMsg;
}

/**
 * The read model's feed. Why not the platform's EventConsumerHost (one durable consumer per subject): a read model
 * joins facts across subjects, and one consumer on `yc.evt.>` applies them in stream order and has one position —
 * the stream sequence of the last event applied — to say how far behind it is. It keeps the host's rules: explicit
 * ack after commit, the event id recorded in `processed_event` in the same transaction (a redelivery changes
 * nothing), a poison event parked in `dead_letter` after MAX_DELIVER failures.
 *
 * Rebuild: the durable consumer pauses, the read model's rows and the inbox are emptied, and an ordered consumer
 * (ephemeral, from the stream's first message) replays everything up to the stream's last sequence at the start;
 * then the durable consumer goes on (what it delivers again up to there is found in the inbox and skipped).
 * The stream keeps events for its retention (30 days, `ensureEventsStream`): a rebuild sees only those.
 * One instance: the pause is in this process (the read model is a reporter; run it once).
 */
@Injectable()
export class Feed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('StatisticsFeed');
  private messages?: ConsumerMessages;
  private queue: JsMsg[] = [];
  private worker?: Promise<void>;
  private stopped = false;
  private rebuilding?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(STATISTICS_ENV) private readonly env: StatisticsEnv,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const jsm = await jetstreamManager(this.nc);
    try {
      await jsm.consumers.info(EVENTS_STREAM, FEED_CONSUMER);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await jsm.consumers
        .add(EVENTS_STREAM, {
          durable_name: FEED_CONSUMER,
          filter_subject: FEED_FILTER,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ack_wait: nanos(ACK_WAIT_MS),
          max_deliver: -1,
          max_ack_pending: 1000,
        })
        .catch(async (e: unknown) => {
          await jsm.consumers.info(EVENTS_STREAM, FEED_CONSUMER).catch(() => {
            throw e;
          });
        });
    }
    const consumer = await jetstream(this.nc).consumers.get(EVENTS_STREAM, FEED_CONSUMER);
    this.messages = await consumer.consume({
      max_messages: 256,
      callback: (msg) => {
        this.queue.push(msg);
        this.logger.debug(`delivered ${msg.seq} (${msg.subject}); queued ${this.queue.length}, worker ${this.worker ? 'busy' : 'idle'}, rebuilding ${this.rebuilding ? 'yes' : 'no'}`);
        this.work();
      },
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.worker;
    await this.rebuilding?.catch(() => undefined);
  }

  /** How far the read model is. */
  async status(): Promise<StatisticsFeedStatus> {
    const [pos] = (await this.ds.query(`SELECT last_sequence, last_occurred_at, last_subject, rebuilt_up_to FROM feed_position WHERE id = 1`)) as {
      last_sequence: string;
      last_occurred_at: Date | null;
      last_subject: string | null;
      rebuilt_up_to: string | null;
    }[];
    const jsm = await jetstreamManager(this.nc);
    const [info, consumer] = await Promise.all([jsm.streams.info(EVENTS_STREAM), jsm.consumers.info(EVENTS_STREAM, FEED_CONSUMER)]);
    const last = Number(pos?.last_sequence ?? 0);
    return {
      lastAppliedSequence: last,
      lastAppliedOccurredAt: pos?.last_occurred_at ? new Date(pos.last_occurred_at).toISOString() : null,
      lastAppliedSubject: pos?.last_subject ?? null,
      streamLastSequence: info.state.last_seq,
      streamFirstSequence: info.state.first_seq,
      // events of `yc.evt.>` not yet delivered to the feed, or delivered and not yet applied (the stream also holds the
      // departments' feeds, yc.dept.*.evt.>, which the read model does not take: the sequences alone would overstate it)
      behind: consumer.num_pending + consumer.num_ack_pending,
      rebuilding: this.rebuilding !== undefined,
      rebuiltUpToSequence: pos?.rebuilt_up_to !== null && pos?.rebuilt_up_to !== undefined ? Number(pos.rebuilt_up_to) : null,
    };
  }

  /** Drop the read model and replay the stream from its start (answers at once; `status()` says when it is done). */
  async rebuild(): Promise<RebuildReply> {
    if (this.rebuilding) throw new AppError('CONFLICT', 'a rebuild is already running');
    const info = await (await jetstreamManager(this.nc)).streams.info(EVENTS_STREAM);
    // nothing left in the stream (every event expired): the rebuild empties the read model
    const upTo = info.state.messages > 0 ? info.state.last_seq : 0;
    const run = this.replay(upTo).finally(() => {
      this.rebuilding = undefined;
      this.work();
    });
    this.rebuilding = run;
    run.catch((err: unknown) => this.logger.error(`rebuild failed: ${(err as Error)?.message ?? String(err)}`));
    return { rebuilding: true, upToSequence: upTo };
  }

  private async replay(upTo: number): Promise<void> {
    await this.worker; // the live feed stops at a transaction's end
    const started = performance.now();
    await this.ds.transaction(async (tx) => {
      await tx.query(`TRUNCATE ${READ_MODEL_TABLES.join(', ')}`);
      await tx.query(`DELETE FROM processed_event WHERE consumer = $1`, [FEED_CONSUMER]);
      await tx.query(`UPDATE feed_position SET last_sequence = 0, last_event_id = NULL, last_subject = NULL, last_occurred_at = NULL, applied = 0, rebuilt_up_to = NULL WHERE id = 1`);
    });
    let replayed = 0;
    if (upTo > 0) {
      const ordered = await jetstream(this.nc).consumers.get(EVENTS_STREAM, { deliver_policy: DeliverPolicy.All });
      const messages = await ordered.consume({ max_messages: 512 });
      let batch: Item[] = [];
      try {
        for await (const msg of messages) {
          if (msg.subject.startsWith('yc.evt.')) {
            const envelope = parse(msg);
            if (envelope) batch.push({ seq: msg.seq, envelope });
          }
          const done = msg.seq >= upTo;
          if (batch.length >= this.env.STATISTICS_BATCH || done || msg.info.pending === 0) {
            await this.applyAll(batch);
            replayed += batch.length;
            batch = [];
            if (msg.seq > 0) await this.ds.query(`UPDATE feed_position SET last_sequence = GREATEST(last_sequence, $1) WHERE id = 1`, [Math.min(msg.seq, upTo)]);
          }
          if (done || this.stopped) break;
        }
      } finally {
        await messages.close();
      }
    }
    await this.ds.query(`UPDATE feed_position SET rebuilt_up_to = $1 WHERE id = 1`, [upTo]);
    this.logger.log(`rebuilt from the stream: ${replayed} events up to sequence ${upTo} in ${Math.round(performance.now() - started)} ms`);
  }

  /** A batch in one transaction; if it fails, one by one (so a poison event only holds itself up). */
  private async applyAll(items: Item[]): Promise<void> {
    if (items.length === 0) return;
    if (items.length > 1) {
      try {
        await this.ds.transaction((tx) => this.applyIn(tx, items));
        return;
      } catch (err) {
        this.logger.debug(`a batch of ${items.length} failed (${(err as Error).message}); one by one`);
      }
    }
    for (const item of items) {
      try {
        await this.ds.transaction((tx) => this.applyIn(tx, [item]));
      } catch (err) {
        const attempt = item.msg?.info.deliveryCount ?? MAX_DELIVER;
        if (attempt < MAX_DELIVER) throw new RetryLater(item, err as Error);
        this.logger.error(`event ${item.envelope.id} (${item.envelope.type}) failed ${attempt} times; parked in dead_letter: ${(err as Error).message}`);
        await this.park(item, `failed ${attempt} times: ${(err as Error).message}`);
      }
    }
  }

  private async applyIn(tx: EntityManager, items: Item[]): Promise<void> {
    // the events the read model does not take (about half of the stream: audit facts above all) are passed over
    // without a row in the inbox or a check — they change nothing here, so they need no idempotency either
    const taken = items.filter((i) => projects(i.envelope.type));
    const fresh: { event_id: string }[] =
      taken.length === 0
        ? []
        : await tx.query(`INSERT INTO processed_event (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`, [
            FEED_CONSUMER,
            taken.map((i) => i.envelope.id),
          ]);
    const toApply = new Set(fresh.map((r) => r.event_id.toLowerCase()));
    for (const item of taken) {
      if (!toApply.delete(item.envelope.id.toLowerCase())) continue; // applied before: a redelivery
      const problems = await problemsOf(item.envelope);
      if (problems.length > 0) {
        this.logger.error(`event ${item.envelope.id} (${item.envelope.type}) is invalid: ${problems.join('; ')}; parked`);
        await tx.query(`INSERT INTO dead_letter (consumer, event_id, envelope, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
          FEED_CONSUMER,
          item.envelope.id,
          JSON.stringify(item.envelope),
          problems.join('; '),
        ]);
      } else {
        await requestContext.run({ correlationId: item.envelope.correlationId ?? item.envelope.id }, () => project(tx, item.envelope));
      }
    }
    // the position moves past a redelivery too (it was seen); `applied` counts the events applied
    const last = items[items.length - 1];
    if (last) {
      await tx.query(
        `UPDATE feed_position SET applied = applied + $2,
           last_event_id = CASE WHEN $1 >= last_sequence THEN $3::uuid ELSE last_event_id END,
           last_subject = CASE WHEN $1 >= last_sequence THEN $4 ELSE last_subject END,
           last_occurred_at = CASE WHEN $1 >= last_sequence THEN $5::timestamptz ELSE last_occurred_at END,
           last_sequence = GREATEST(last_sequence, $1) WHERE id = 1`,
        [last.seq, fresh.length, last.envelope.id, last.envelope.type, last.envelope.occurredAt ?? null],
      );
    }
  }

  private async park(item: Item, reason: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      await tx.query(`INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [FEED_CONSUMER, item.envelope.id]);
      await tx.query(`INSERT INTO dead_letter (consumer, event_id, envelope, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
        FEED_CONSUMER,
        item.envelope.id,
        JSON.stringify(item.envelope),
        reason,
      ]);
      await tx.query(`UPDATE feed_position SET last_sequence = GREATEST(last_sequence, $1) WHERE id = 1`, [item.seq]);
    });
  }

  /** The live feed's worker: what queued up, a batch at a time, in order; paused while a rebuild runs. */
  private work(): void {
    if (this.worker || this.stopped || this.rebuilding || this.queue.length === 0) return;
    this.worker = (async () => {
      // yield first: the assignment above must happen before the finally below clears it
      await Promise.resolve();
      try {
        while (this.queue.length > 0 && !this.stopped && !this.rebuilding) {
          const msgs = this.queue.splice(0, this.env.STATISTICS_BATCH);
          const items: Item[] = [];
          for (const msg of msgs) {
            const envelope = parse(msg);
            if (envelope) items.push({ seq: msg.seq, envelope, msg });
            else msg.term('not an event');
          }
          try {
            await this.applyAll(items);
            for (const m of msgs) m.ack();
          } catch (err) {
            // the events before the failing one are committed (one by one): ack them, nak the rest to keep the order
            const failed = err instanceof RetryLater ? err.item : undefined;
            const delay = Math.min(60_000, 250 * 2 ** Math.min(failed?.msg?.info.deliveryCount ?? 1, 8));
            this.logger.warn(`event ${failed?.envelope.id ?? '?'} failed, retry in ${delay} ms: ${(err as Error).message}`);
            let reached = false;
            for (const m of msgs) {
              if (failed && m === failed.msg) reached = true;
              if (reached || !failed) m.nak(delay);
              else m.ack();
            }
          }
        }
      } finally {
        this.worker = undefined;
      }
      if (this.queue.length > 0) this.work();
    })();
  }
}

class RetryLater extends Error {
  constructor(
    readonly item: Item,
    cause: Error,
  ) {
    super(cause.message);
  }
}

function parse(msg: JsMsg): EventEnvelope<unknown> | undefined {
  try {
    const e = msg.json<EventEnvelope<unknown>>();
    return e && typeof e.id === 'string' && typeof e.type === 'string' ? e : undefined;
  } catch {
    return undefined;
  }
}

/** The payload checked against its class (as EventConsumerHost does); unknown subjects are not checked. */
async function problemsOf(e: EventEnvelope<unknown>): Promise<string[]> {
  const def = EVENT_DEFS.get(e.type);
  if (!def) return [];
  if (typeof e.data !== 'object' || e.data === null) return ['no data'];
  const errors = await validate(plainToInstance(def.payload, e.data) as object, { forbidUnknownValues: false });
  return errors.map((x) => `${x.property}: ${Object.values(x.constraints ?? {}).join(', ') || 'invalid nested value'}`);
}
