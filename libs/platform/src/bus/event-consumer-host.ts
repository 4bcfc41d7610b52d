import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventEnvelope } from '@yichuang/contracts';
import { requestContext } from '../context/request-context.js';
import { OnEvent, type OnEventOptions } from './on-event.js';
import { BUS_OPTIONS, EVENTS_STREAM, NATS_CONNECTION, type BusOptions, type NatsConnection } from './tokens.js';
import { isNotFound } from './jetstream.js';
import { eventsConsumed, eventsRedelivered } from '../metrics/metrics.js';

type Handler = (event: EventEnvelope<object>, tx: EntityManager) => Promise<void>;

interface Subscription {
  durable: string;
  options: OnEventOptions;
  handler: Handler;
  messages?: ConsumerMessages;
  /** delivered, not yet handled (in order) */
  queue: JsMsg[];
  /** the worker taking the queue, while it runs */
  worker?: Promise<void>;
  /** waiting `lingerMs` before the worker starts */
  linger?: NodeJS.Timeout;
}

const ACK_WAIT_MS = 30_000;
const DEFAULT_MAX_DELIVER = 50;
/** events of one consumer handled in one transaction when they queue up (under load) */
const MAX_BATCH = 32;

/**
 * Runs every @OnEvent handler of the service on a durable JetStream pull consumer.
 * - Durable: a stopped service resumes where it left off.
 * - Shared: every instance of the service pulls from the same durable consumer, so each event is
 *   handled by one instance.
 * - Idempotent: the event id is inserted into `processed_event` in the handler's own transaction;
 *   a redelivered event finds it there and is only acknowledged.
 * - Explicit ack after commit; a failing handler is retried with back-off (nak with delay).
 * - Batched under load: the events that queued up while the previous ones were handled are handled in ONE
 *   transaction (one inbox INSERT for all, each handler in turn, in delivery order, each in its own request
 *   context), then acknowledged together — fewer round trips per event exactly when a consumer falls behind.
 *   If anything in the batch fails, nothing of it was committed, and each event is handled again on its own
 *   (below), so a poison event still only delays itself.
 */
@Injectable()
export class EventConsumerHost implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('EventConsumer');
  private readonly subscriptions: Subscription[] = [];
  private stopped = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly dataSource: DataSource,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(BUS_OPTIONS) private readonly options: BusOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || wrapper.isAlias) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const opts = this.discovery.getMetadataByDecorator(OnEvent, wrapper, method);
        if (!opts) continue;
        const fn = instance[method] as Handler;
        this.subscriptions.push({
          durable: durableName(this.options.service, opts),
          options: opts,
          handler: fn.bind(instance),
          queue: [],
        });
      }
    }
    const jsm = await jetstreamManager(this.nc);
    const js = jetstream(this.nc);
    for (const sub of this.subscriptions) {
      await this.ensureConsumer(jsm, sub);
      const consumer = await js.consumers.get(EVENTS_STREAM, sub.durable);
      sub.messages = await consumer.consume({
        max_messages: 64,
        callback: (msg) => {
          sub.queue.push(msg);
          this.schedule(sub);
        },
      });
    }
    if (this.subscriptions.length > 0) {
      this.logger.log(`consuming ${this.subscriptions.map((s) => s.options.event.subject).join(', ')}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const s of this.subscriptions) if (s.linger) clearTimeout(s.linger);
    await Promise.all(this.subscriptions.map((s) => s.messages?.close()));
    await Promise.all(this.subscriptions.map((s) => s.worker));
  }

  private async ensureConsumer(jsm: Awaited<ReturnType<typeof jetstreamManager>>, sub: Subscription): Promise<void> {
    try {
      await jsm.consumers.info(EVENTS_STREAM, sub.durable);
      return;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    try {
      await jsm.consumers.add(EVENTS_STREAM, {
        durable_name: sub.durable,
        filter_subject: sub.options.event.subject,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(ACK_WAIT_MS),
        // the consumer itself parks an event after maxDeliver failures (see handle); JetStream keeps redelivering until then
        max_deliver: -1,
        max_ack_pending: 1000,
      });
    } catch (err) {
      // created concurrently by another instance
      await jsm.consumers.info(EVENTS_STREAM, sub.durable).catch(() => {
        throw err;
      });
    }
  }

  /** Start the worker now, or after the consumer's `lingerMs` when it is idle and the queue is not a full batch yet. */
  private schedule(sub: Subscription): void {
    const linger = sub.options.lingerMs ?? 0;
    if (linger <= 0 || sub.worker || sub.queue.length >= MAX_BATCH) {
      if (sub.linger) clearTimeout(sub.linger);
      sub.linger = undefined;
      this.work(sub);
      return;
    }
    sub.linger ??= setTimeout(() => {
      sub.linger = undefined;
      this.work(sub);
    }, linger);
  }

  /** Start the subscription's worker unless it runs: it takes what queued up, a batch at a time, in order. */
  private work(sub: Subscription): void {
    if (sub.worker || this.stopped) return;
    sub.worker = (async () => {
      try {
        while (sub.queue.length > 0 && !this.stopped) {
          const batch = sub.queue.splice(0, MAX_BATCH);
          const events: { msg: JsMsg; envelope: EventEnvelope<object> }[] = [];
          for (const msg of batch) {
            const envelope = await this.accept(sub, msg);
            if (envelope) events.push({ msg, envelope });
          }
          if (events.length > 1 && (await this.handleBatch(sub, events))) continue;
          for (const e of events) await this.handle(sub, e.msg, e.envelope);
        }
      } catch (err) {
        // not expected (handle catches what handlers throw): what is left unacknowledged is delivered again
        this.logger.error(`${sub.durable}: the consumer's worker failed: ${(err as Error)?.message ?? String(err)}`);
      } finally {
        sub.worker = undefined;
      }
      // delivered while the worker was finishing
      if (sub.queue.length > 0) this.work(sub);
    })();
  }

  /** The event of a message, validated; or undefined when the message was terminated (parked) instead. */
  private async accept(sub: Subscription, msg: JsMsg): Promise<EventEnvelope<object> | undefined> {
    if (msg.info.deliveryCount > 1) eventsRedelivered.inc({ consumer: sub.durable });
    let envelope: EventEnvelope<object>;
    try {
      envelope = msg.json<EventEnvelope<object>>();
    } catch {
      this.logger.error(`${sub.durable}: message ${msg.seq} is not JSON; terminated`);
      msg.term('not json');
      return undefined;
    }
    const problems = await this.validate(sub, envelope);
    if (problems.length > 0) {
      this.logger.error(`${sub.durable}: event ${envelope.id} (${envelope.type}) is invalid: ${problems.join('; ')}; parked`);
      await this.park(sub, envelope, problems.join('; ')).catch(() => undefined);
      msg.term('invalid payload');
      eventsConsumed.inc({ consumer: sub.durable, outcome: 'invalid' });
      return undefined;
    }
    return envelope;
  }

  /** Several events in one transaction; false (nothing committed) if any of them failed. */
  private async handleBatch(sub: Subscription, events: { msg: JsMsg; envelope: EventEnvelope<object> }[]): Promise<boolean> {
    try {
      await this.dataSource.transaction(async (tx) => {
        const fresh: { event_id: string }[] = await tx.query(
          `INSERT INTO processed_event (consumer, event_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING RETURNING event_id`,
          [sub.durable, events.map((e) => e.envelope.id)],
        );
        // PostgreSQL answers uuids in lower case, whatever case the event id was written in
        const toHandle = new Set(fresh.map((r) => r.event_id.toLowerCase()));
        for (const { envelope } of events) {
          if (!toHandle.delete(envelope.id.toLowerCase())) continue; // already processed: a redelivery
          await requestContext.run({ correlationId: envelope.correlationId ?? envelope.id }, () => sub.handler(envelope, tx));
        }
      });
    } catch (err) {
      this.logger.debug(`${sub.durable}: a batch of ${events.length} failed (${(err as Error).message}); handling them one by one`);
      return false;
    }
    for (const { msg } of events) msg.ack();
    eventsConsumed.inc({ consumer: sub.durable, outcome: 'handled' }, events.length);
    return true;
  }

  private async handle(sub: Subscription, msg: JsMsg, envelope: EventEnvelope<object>): Promise<void> {
    try {
      await requestContext.run({ correlationId: envelope.correlationId ?? envelope.id }, () =>
        this.dataSource.transaction(async (tx) => {
          const inserted: unknown[] = await tx.query(
            `INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id`,
            [sub.durable, envelope.id],
          );
          if (inserted.length === 0) return 'duplicate' as const; // already processed: a redelivery
          await sub.handler(envelope, tx);
          return 'handled' as const;
        }),
      ).then((outcome) => eventsConsumed.inc({ consumer: sub.durable, outcome }));
      msg.ack();
    } catch (err) {
      const attempt = msg.info.deliveryCount;
      const max = sub.options.maxDeliver ?? DEFAULT_MAX_DELIVER;
      if (attempt >= max) {
        this.logger.error(`${sub.durable}: event ${envelope.id} failed ${attempt} times; parked in dead_letter: ${(err as Error).message}`);
        await this.park(sub, envelope, `failed ${attempt} times: ${(err as Error).message}`).catch(() => undefined);
        msg.term('parked');
        eventsConsumed.inc({ consumer: sub.durable, outcome: 'dead_letter' });
        return;
      }
      const delay = Math.min(60_000, 250 * 2 ** Math.min(attempt, 8));
      this.logger.warn(`${sub.durable}: event ${envelope.id} failed (delivery ${attempt}), retry in ${delay} ms: ${(err as Error).message}`);
      msg.nak(delay);
      eventsConsumed.inc({ consumer: sub.durable, outcome: 'retried' });
    }
  }

  private async validate(sub: Subscription, envelope: EventEnvelope<object>): Promise<string[]> {
    if (!envelope || typeof envelope.id !== 'string' || typeof envelope.data !== 'object' || envelope.data === null) {
      return ['not an event envelope'];
    }
    const instance = plainToInstance(sub.options.event.payload, envelope.data);
    const errors = await validate(instance as object, { forbidUnknownValues: false });
    if (errors.length === 0) {
      envelope.data = instance as object;
      return [];
    }
    return errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ') || 'invalid nested value'}`);
  }

  private async park(sub: Subscription, envelope: EventEnvelope<object>, reason: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO dead_letter (consumer, event_id, envelope, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [sub.durable, envelope.id ?? '00000000-0000-0000-0000-000000000000', JSON.stringify(envelope), reason],
    );
  }
}

export function durableName(service: string, opts: OnEventOptions): string {
  const suffix = opts.name ?? opts.event.subject.replace(/^yc\.evt\./, '').replace(/[^A-Za-z0-9_-]/g, '-');
  return `${service}__${suffix}`;
}
