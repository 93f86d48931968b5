// One process of a deployment, for the cross-process tests: its own connection, the shared prefix.
// Plain JavaScript on the built package (turbo builds it before `test`), so a child starts in a
// fraction of a second.
import { createRedisRateLimitStore } from '@sportscloud/redis';
import { Redis } from 'ioredis';

let redis;

export function createStore() {
  redis = new Redis(process.env.SPORTSCLOUD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  return createRedisRateLimitStore({
    redis,
    prefix: process.env.STORE_PREFIX,
    time: process.env.STORE_TIME === 'caller' ? 'caller' : 'redis',
  });
}

export async function closeStore() {
  await redis?.quit();
}
