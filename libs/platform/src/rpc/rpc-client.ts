import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxyFactory, NatsRecordBuilder, Transport, type ClientProxy } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { firstValueFrom, timeout as rxTimeout, TimeoutError } from 'rxjs';
import { AppError, Headers, type Actor, type RpcDef, type RpcReply, type RpcRequest } from '@yichuang/contracts';
import { requestContext } from '../context/request-context.js';
import { BUS_OPTIONS, type BusOptions } from '../bus/tokens.js';

export interface RpcCallOptions {
  timeoutMs?: number;
  actor?: Actor;
  correlationId?: string;
  idempotencyKey?: string;
}

export const IDEMPOTENCY_HEADER = 'x-idempotency-key';

/**
 * Request/reply over NATS through @nestjs/microservices, typed by the contracts catalogue:
 * `rpc.request(Rpc.intake.createApplication, payload)` returns the reply type of that subject.
 * Carries the correlation id, the acting user and the client's address in NATS headers; maps a remote AppError back to an
 * AppError, and silence to SERVICE_UNAVAILABLE.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly logger = new Logger('RpcClient');
  private readonly client: ClientProxy;
  private connected?: Promise<unknown>;

  constructor(@Inject(BUS_OPTIONS) private readonly options: BusOptions) {
    this.client = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: {
        servers: options.natsUrl.split(','),
        name: `${options.service}-rpc:${options.instanceId}`,
        maxReconnectAttempts: -1,
        ...(options.natsUser ? { user: options.natsUser, pass: options.natsPassword } : {}),
      },
    });
  }

  async request<D extends RpcDef<unknown, unknown>>(def: D, payload: RpcRequest<D>, opts: RpcCallOptions = {}): Promise<RpcReply<D>> {
    this.connected ??= this.client.connect();
    await this.connected;
    const h = natsHeaders();
    const ctx = requestContext.current();
    h.set(Headers.correlationId, opts.correlationId ?? ctx?.correlationId ?? requestContext.newCorrelationId());
    const actor = opts.actor ?? ctx?.actor;
    if (actor) h.set(Headers.actor, JSON.stringify(actor));
    const idempotencyKey = opts.idempotencyKey ?? ctx?.idempotencyKey;
    if (idempotencyKey) h.set(IDEMPOTENCY_HEADER, idempotencyKey);
    if (ctx?.clientAddress) h.set(Headers.clientAddress, ctx.clientAddress);
    const record = new NatsRecordBuilder(payload ?? {}).setHeaders(h).build();
    const ms = opts.timeoutMs ?? this.options.rpcTimeoutMs;
    try {
      return (await firstValueFrom(this.client.send(def.subject, record).pipe(rxTimeout(ms)))) as RpcReply<D>;
    } catch (err) {
      if (err instanceof TimeoutError) {
        throw new AppError('SERVICE_UNAVAILABLE', `no answer from ${def.subject} within ${ms} ms`);
      }
      if (AppError.isErrorBody(err)) throw AppError.fromBody(err);
      if (err instanceof AppError) throw err;
      if (/no subscribers/i.test((err as Error)?.message ?? '')) {
        this.logger.warn(`${def.subject}: no service is listening`);
        throw new AppError('SERVICE_UNAVAILABLE', `the service answering ${def.subject} is not running`);
      }
      this.logger.error(`${def.subject} failed: ${(err as Error)?.message ?? JSON.stringify(err)}`);
      throw new AppError('SERVICE_UNAVAILABLE', `${def.subject} failed`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
