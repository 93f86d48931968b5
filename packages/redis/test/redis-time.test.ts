import { InvalidArgumentError } from '@sportscloud/core';
import { runNodeStoreProcesses } from '@sportscloud/test-utils/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisRateLimitStore } from '../src/index';
import { connect, deleteKeys, REDIS_URL, uniquePrefix } from './support';

// The default store: Redis TIME is the clock, so these tests run on the real clock, each bounded to
// a few tens of milliseconds of waiting.
const DAY_MS = 86_400_000;
const redis = connect();
const prefix = uniquePrefix('redis-time');
const store = createRedisRateLimitStore({ redis, prefix });
const redisNow = async () => {
  const [s, us] = await redis.time();
  return Number(s) * 1000 + Number(us) / 1000;
};
const granted = (results: { granted: boolean }[]) => results.filter((r) => r.granted).length;
const takeN = async (key: string, n: number, limits: Parameters<typeof store.take>[2], now = 0) => {
  const out = [];
  for (let i = 0; i < n; i++) out.push(await store.take(key, now, limits));
  return out;
};

// An established store: its data began long ago, so a consumer it has not seen gets a full bucket
// (the README's `SET <prefix>since 0`).
beforeAll(async () => {
  await redis.set(`${prefix}since`, '0');
});
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

describe('time from Redis TIME', () => {
  it('ignores the caller’s `now`: callers on clocks years apart share one bucket', async () => {
    const limits = { perSecond: 0.001, burst: 3, dailyQuota: 100 };
    const skewed = [0, Date.now(), Date.UTC(2100, 0, 1), -5e12];
    const results = [];
    for (const now of skewed) results.push(await store.take('skew', now, limits));
    expect(results.map((r) => r.granted)).toEqual([true, true, true, false]);
    // One token at 0.001/s is 1000 s away, whatever the caller's clock says.
    expect(results[3]).toMatchObject({ scope: 'burst' });
    expect((results[3] as { retryInMs: number }).retryInMs).toBeGreaterThan(999_000);
  });

  it('counts the day on Redis’s clock: the daily refusal resets at Redis’s next 00:00 UTC', async () => {
    const limits = { perSecond: 100, burst: 100, dailyQuota: 2 };
    await takeN('day', 2, limits, Date.UTC(1999, 0, 1));
    const refused = await store.take('day', Date.UTC(1999, 0, 1), limits);
    const now = await redisNow();
    expect(refused).toEqual({
      granted: false,
      scope: 'daily',
      resetAt: (Math.floor(now / DAY_MS) + 1) * DAY_MS,
    });
  });

  it('refills at the rate on the real clock (bounded: ≈ 100 ms)', async () => {
    const limits = { perSecond: 10, burst: 2, dailyQuota: 100 };
    // Take until refused (a loaded machine may refill a token between two takes).
    let refused = await store.take('refill', 0, limits);
    for (let i = 0; refused.granted && i < 10; i++) refused = await store.take('refill', 0, limits);
    expect(refused).toMatchObject({ granted: false, scope: 'burst' });
    const wait = (refused as { retryInMs: number }).retryInMs;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(100);
    await new Promise((resolve) => setTimeout(resolve, wait + 5));
    expect(await store.take('refill', 0, limits)).toEqual({ granted: true });
  });

  it('penalties: a burst 429 empties the bucket, a daily one closes Redis’s day', async () => {
    const limits = { perSecond: 0.01, burst: 10, dailyQuota: 100 };
    expect(await store.take('pen', 0, limits)).toEqual({ granted: true });
    await store.penalise('pen', 0, 'burst', limits);
    expect(await store.take('pen', 0, limits)).toMatchObject({ granted: false, scope: 'burst' });
    await store.penalise('pen', 0, 'daily', limits);
    const closed = await store.take('pen', 0, limits);
    expect(closed).toMatchObject({ granted: false, scope: 'daily' });
    expect((closed as { resetAt: number }).resetAt % DAY_MS).toBe(0);
    expect(await store.usage('pen', limits)).toMatchObject({ usedToday: 1, closedToday: true });
  });

  it('reports usage without spending any of it', async () => {
    const limits = { perSecond: 0.001, burst: 5, dailyQuota: 100 };
    await takeN('usage', 2, limits);
    const first = await store.usage('usage', limits);
    const second = await store.usage('usage', limits);
    expect(first).toMatchObject({ usedToday: 2, closedToday: false });
    expect(first.tokens).toBeCloseTo(3, 2);
    expect(second.usedToday).toBe(2);
    expect(second.resetAt).toBe((Math.floor(second.now / DAY_MS) + 1) * DAY_MS);
    expect(Math.abs(second.now - (await redisNow()))).toBeLessThan(1000);
  });
});

describe('keys', () => {
  it('one hash per consumer under the prefix, expiring only after its bucket is full and its day over', async () => {
    const limits = { perSecond: 1, burst: 60, dailyQuota: 5000 };
    await store.take('consumer-7', 0, limits);
    const key = `${prefix}bucket:consumer-7`;
    expect(await redis.type(key)).toBe('hash');
    expect(Object.keys(await redis.hgetall(key)).sort()).toEqual(['day', 'tokens', 'updatedAt', 'usedToday']);
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(2 * DAY_MS);
    expect(ttl).toBeLessThanOrEqual(2 * DAY_MS + 60_000);
  });

  it('stores under other prefixes are separate budgets', async () => {
    const other = uniquePrefix('other');
    await redis.set(`${other}since`, '0');
    const elsewhere = createRedisRateLimitStore({ redis, prefix: other });
    const limits = { perSecond: 0.001, burst: 1, dailyQuota: 10 };
    try {
      expect(await store.take('shared-name', 0, limits)).toEqual({ granted: true });
      expect(await elsewhere.take('shared-name', 0, limits)).toEqual({ granted: true });
      expect((await store.take('shared-name', 0, limits)).granted).toBe(false);
    } finally {
      await deleteKeys(redis, other);
    }
  });
});

describe('a Redis that lost the keys (FLUSH of the prefix)', () => {
  it('grants no fresh burst: a missing bucket starts empty and refills at the rate', async () => {
    const limits = { perSecond: 1, burst: 60, dailyQuota: 5000 };
    expect(granted(await takeN('lost', 61, limits))).toBe(60);
    expect(await deleteKeys(redis, prefix)).toBeGreaterThan(1);
    const lostAt = performance.now();
    const after = await takeN('lost', 60, limits);
    const another = await takeN('lost-other', 60, limits);
    const elapsedS = (performance.now() - lostAt) / 1000;
    // The API's bucket was as empty as ours and gains 1/s: never more than that many grants.
    expect(after[0]).toMatchObject({ granted: false, scope: 'burst' });
    expect(granted(after)).toBeLessThanOrEqual(Math.floor(elapsedS));
    expect(granted(another)).toBeLessThanOrEqual(Math.floor(elapsedS));
    console.log(
      JSON.stringify({
        test: 'flush',
        elapsedS,
        grantedAfter: granted(after),
        grantedOther: granted(another),
      }),
    );
    await redis.set(`${prefix}since`, '0');
  });
});

describe('several processes on Redis TIME', () => {
  it('4 processes, 4 × 500 takes on one consumer: exactly `burst` granted, 0 over-grants', async () => {
    const burst = 1200;
    const { results, ms } = await runNodeStoreProcesses(
      {
        module: new URL('./store-process.mjs', import.meta.url),
        env: { STORE_PREFIX: prefix, STORE_TIME: 'redis', SPORTSCLOUD_TEST_REDIS_URL: REDIS_URL },
      },
      {
        processes: 4,
        now: 0,
        concurrency: 16,
        // 0.001/s adds under 0.1 token in the test's time: the grants must be exactly `burst`.
        steps: [{ key: 'fleet', limits: { perSecond: 0.001, burst, dailyQuota: 1_000_000 }, count: 500 }],
      },
    );
    const all = results.flat(2);
    const given = granted(all);
    console.log(
      JSON.stringify({
        test: 'processes',
        processes: 4,
        takes: all.length,
        granted: given,
        overGrants: given - burst,
        ms: Math.round(ms),
        takesPerSecond: Math.round(all.length / (ms / 1000)),
      }),
    );
    expect(all).toHaveLength(2000);
    expect(given).toBe(burst);
    expect(await store.usage('fleet', { perSecond: 0.001, burst, dailyQuota: 1_000_000 })).toMatchObject({
      usedToday: burst,
    });
  });
});

describe('bad input', () => {
  it('names the argument', async () => {
    const limits = { perSecond: 1, burst: 1, dailyQuota: 1 };
    await expect(store.take('', 0, limits)).rejects.toMatchObject({ argument: 'key' });
    for (const field of ['perSecond', 'burst', 'dailyQuota'] as const) {
      for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '1']) {
        const error = await store.take('k', 0, { ...limits, [field]: bad }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect(error).toMatchObject({ argument: `limits.${field}` });
      }
    }
    await expect(store.penalise('k', 0, 'minute' as 'burst', limits)).rejects.toMatchObject({
      argument: 'scope',
    });
    const caller = createRedisRateLimitStore({ redis, prefix, time: 'caller' });
    await expect(caller.take('k', Number.NaN, limits)).rejects.toMatchObject({ argument: 'now' });
    expect(() => createRedisRateLimitStore({ redis, prefix, time: 'local' as 'redis' })).toThrow(
      expect.objectContaining({ argument: 'time' }),
    );
    expect(() => createRedisRateLimitStore({ redis: {} as never })).toThrow(
      expect.objectContaining({ argument: 'redis' }),
    );
    expect(await redis.exists(`${prefix}bucket:k`)).toBe(0);
  });
});
