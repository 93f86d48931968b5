import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { RateLimitStore } from '@sportscloud/core';
import type { PostgresStorage } from '@sportscloud/sync';
import { Redis } from 'ioredis';
import type { ServiceConfig } from '../config';
import { ServiceMetrics } from '../metrics';
import type { SportsCloudSource } from '../sports-cloud-source';
import { CONFIG, SOURCE, STORAGE } from '../tokens-di';
import { ConsumerPlans } from './consumer-plans';
import { ConsumerStore } from './consumer-store';
import { ConsumerSyncs } from './consumer-syncs';
import { ConsumersController } from './consumers.controller';
import { CredentialCipher } from './credential-cipher';
import type { ScaleConfig } from './scale-config';
import { CONSUMER_STORE, CONSUMER_SYNCS, SCALE_CONFIG, SHARED_RATE_LIMIT_STORE } from './scale-di';
import { SYNC_QUEUE, SyncQueue } from './sync-queue';
import { SyncWorker, WORKER_CONNECTION } from './sync-worker';

export interface ScaleRuntime {
  scale: ScaleConfig;
  /** With `scale.redis`: the sync queue and this instance's worker (default true). */
  queue?: boolean;
  /** The deployment's shared budget (the Redis store), keyed by consumer. */
  sharedRateLimitStore?: RateLimitStore;
}

/** Closes the Redis connections the queue and the worker were given (BullMQ leaves shared ones open). */
@Injectable()
class RedisConnections implements OnApplicationShutdown {
  readonly opened: Redis[] = [];
  open(url: string): Redis {
    // BullMQ's blocking commands need ioredis to retry forever rather than fail a request.
    const redis = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
    this.opened.push(redis);
    return redis;
  }
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.opened.map((r) => r.quit().catch(() => r.disconnect())));
  }
}

/**
 * What the app adds for several consumers and several instances: the consumer store and its admin
 * routes (always), and with `REDIS_URL` the BullMQ queue, this instance's worker (unless `queue` is
 * false), and the shared budget.
 */
export function scaleParts(runtime: ScaleRuntime): {
  imports: DynamicModule[];
  providers: Provider[];
  controllers: (typeof ConsumersController)[];
} {
  const { scale } = runtime;
  const connections = new RedisConnections();
  const providers: Provider[] = [
    { provide: SCALE_CONFIG, useValue: scale },
    { provide: SHARED_RATE_LIMIT_STORE, useValue: runtime.sharedRateLimitStore },
    {
      provide: CONSUMER_STORE,
      inject: [STORAGE],
      useFactory: async (storage: PostgresStorage) => {
        await ConsumerStore.migrate(storage);
        return new ConsumerStore(
          storage,
          scale.encryptionKey ? new CredentialCipher(scale.encryptionKey) : undefined,
        );
      },
    },
    {
      provide: CONSUMER_SYNCS,
      inject: [CONFIG, STORAGE, SOURCE, CONSUMER_STORE, ServiceMetrics],
      useFactory: (
        config: ServiceConfig,
        storage: PostgresStorage,
        source: SportsCloudSource,
        consumers: ConsumerStore,
        metrics: ServiceMetrics,
      ) =>
        new ConsumerSyncs({
          config,
          storage,
          source,
          consumers,
          metrics,
          ...(runtime.sharedRateLimitStore ? { sharedRateLimitStore: runtime.sharedRateLimitStore } : {}),
        }),
    },
    ConsumerPlans,
  ];
  const imports: DynamicModule[] = [];
  if (scale.redis && runtime.queue !== false) {
    const { url, keyPrefix } = scale.redis;
    providers.push(
      { provide: RedisConnections, useValue: connections },
      { provide: WORKER_CONNECTION, useFactory: () => connections.open(url) },
      SyncQueue,
      SyncWorker,
    );
    imports.push(
      BullModule.forRootAsync({
        useFactory: () => ({ connection: connections.open(url), prefix: keyPrefix }),
      }),
      BullModule.registerQueue({ name: SYNC_QUEUE }),
    );
  }
  return { imports, providers, controllers: [ConsumersController] };
}
