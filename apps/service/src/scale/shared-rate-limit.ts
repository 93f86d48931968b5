import { createRedisRateLimitStore, type RedisRateLimitStore } from '@sportscloud/redis';
import { Redis } from 'ioredis';
import type { ScaleConfig } from './scale-config';

/**
 * One budget per consumer for every instance: `@sportscloud/redis`'s store (token bucket and daily
 * count in one Lua script, on Redis time), under the deployment's key prefix.
 */
export function openSharedRateLimitStore(redis: NonNullable<ScaleConfig['redis']>): {
  store: RedisRateLimitStore;
  close(): Promise<void>;
} {
  // A request that cannot reach Redis fails (and its unit is retried) instead of waiting forever.
  const client = new Redis(redis.url, { maxRetriesPerRequest: 2 });
  client.on('error', () => {});
  const store = createRedisRateLimitStore({ redis: client, prefix: `${redis.keyPrefix}:rate-limit:` });
  return {
    store,
    close: async () => {
      await client.quit().catch(() => client.disconnect());
    },
  };
}
