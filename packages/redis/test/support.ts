import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** The Redis the tests share (CI starts it on loopback); every run keeps to a prefix of its own. */
export const REDIS_URL = process.env.SPORTSCLOUD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export const connect = (url = REDIS_URL) => new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });

export const uniquePrefix = (what: string) => `sportscloud-test:${what}:${randomUUID()}:`;

/** Deletes every key under a prefix: a FLUSH of this run's keys only. */
export async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.unlink(...keys);
  } while (cursor !== '0');
  return deleted;
}
