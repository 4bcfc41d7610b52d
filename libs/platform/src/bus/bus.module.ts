import { Global, Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { RpcClient } from '../rpc/rpc-client.js';
import { connectNats } from './nats-connection.js';
import { ensureEventsStream } from './jetstream.js';
import { BUS_OPTIONS, NATS_CONNECTION, type BusOptions, type NatsConnection } from './tokens.js';

@Injectable()
class NatsLifecycle implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => undefined);
  }
}

/** NATS for any process: one connection for JetStream, the typed RPC client. */
@Global()
@Module({})
export class BusModule {
  static forRoot(options: BusOptions): DynamicModule {
    return {
      module: BusModule,
      providers: [
        { provide: BUS_OPTIONS, useValue: options },
        {
          provide: NATS_CONNECTION,
          useFactory: async () => {
            const nc = await connectNats(options);
            await ensureEventsStream(nc, undefined, options.streamReplicas);
            return nc;
          },
        },
        NatsLifecycle,
        RpcClient,
      ],
      exports: [BUS_OPTIONS, NATS_CONNECTION, RpcClient],
    };
  }
}
