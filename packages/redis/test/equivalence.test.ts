import { InMemoryRateLimitStore, type RateLimits } from '@sportscloud/core';
import { mulberry32 } from '@sportscloud/test-utils';
import { afterAll, expect, it } from 'vitest';
import { createRedisRateLimitStore } from '../src/index';
import { connect, deleteKeys, uniquePrefix } from './support';

// The Lua script does core's in-memory arithmetic step by step: the same random sequences of takes
// and penalties (refills, day boundaries, clock steps backwards) give the same answers, exactly.
const redis = connect();
const prefix = uniquePrefix('equivalence');
afterAll(async () => {
  await deleteKeys(redis, prefix);
  await redis.quit();
});

it('answers exactly like core’s InMemoryRateLimitStore over random sequences', async () => {
  // An established store, so a new key starts full as in memory (the caller's clock: since 1970).
  await redis.set(`${prefix}since`, '0');
  const store = createRedisRateLimitStore({ redis, prefix, time: 'caller' });
  for (let seed = 1; seed <= 20; seed++) {
    const rng = mulberry32(seed);
    const random = () => rng.next();
    const limits: RateLimits = {
      perSecond: [1, 2.5, 0.3, 10][seed % 4]!,
      burst: 1 + Math.floor(random() * 60),
      dailyQuota: 5 + Math.floor(random() * 200),
    };
    const key = `seed-${seed}`;
    let now = Date.UTC(2026, 0, 1, 23, 50) + Math.floor(random() * 600_000);
    const ops: { now: number; penalty?: 'burst' | 'daily' }[] = [];
    for (let step = 0; step < 250; step++) {
      now += random() < 0.03 ? -Math.floor(random() * 5_000) : Math.floor(random() * random() * 3_000);
      const roll = random();
      ops.push(roll < 0.05 ? { now, penalty: roll < 0.01 ? 'daily' : 'burst' } : { now });
    }
    // Sent all at once on one connection: Redis runs them in order, in one round trip or so.
    const answers = await Promise.all(
      ops.map((op) =>
        op.penalty ? store.penalise(key, op.now, op.penalty, limits) : store.take(key, op.now, limits),
      ),
    );
    const reference = new InMemoryRateLimitStore();
    for (const [step, op] of ops.entries()) {
      const expected = op.penalty
        ? await reference.penalise(key, op.now, op.penalty, limits)
        : await reference.take(key, op.now, limits);
      expect(answers[step], `seed ${seed} step ${step}`).toEqual(expected);
    }
  }
});
