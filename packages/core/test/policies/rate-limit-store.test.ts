import { rateLimitStoreContract, runRateLimitStoreContract } from '@sportscloud/test-utils';
import { describe, expect, it } from 'vitest';
import { InMemoryRateLimitStore, type RateLimitStore } from '../../src';

describe('InMemoryRateLimitStore', () => {
  runRateLimitStoreContract({ describe, it, skip: it.skip }, () => new InMemoryRateLimitStore(), {
    processes: {
      skip: 'an in-memory store is one process’s budget by design (share one through @sportscloud/redis, Deno KV or a Durable Object)',
    },
    loseState: {
      skip: 'its state lives in the process: it is lost only with the process, whose successor starts afresh and learns from the API’s 429s',
    },
  });
});

describe('the contract catches a store that breaks it', () => {
  const failures = async (make: () => RateLimitStore) => {
    const failed: string[] = [];
    for (const { name, run } of rateLimitStoreContract(make)) await run().catch(() => failed.push(name));
    return failed;
  };

  it('a correct store passes every case', async () => {
    expect(await failures(() => new InMemoryRateLimitStore())).toEqual([]);
  });

  it('a store that starts every key with a full bucket again after losing its state', async () => {
    // What a Redis store that treats a missing key as a new consumer would do after a restart.
    let inner = new InMemoryRateLimitStore();
    const forgetful: RateLimitStore = {
      take: (...args) => inner.take(...args),
      penalise: (...args) => inner.penalise(...args),
    };
    const loseState = async () => {
      inner = new InMemoryRateLimitStore();
    };
    const lossCase = rateLimitStoreContract(() => forgetful, { loseState }).find((c) =>
      c.name.includes('lost its state'),
    )!;
    await expect(lossCase.run()).rejects.toThrow('right after the loss: expected false, got true');
  });

  it('a store that ignores penalties', async () => {
    const ignoring = () => {
      const inner = new InMemoryRateLimitStore();
      return { take: inner.take.bind(inner), penalise: async () => {} };
    };
    expect(await failures(ignoring)).toEqual([
      expect.stringMatching(/burst penalty/),
      expect.stringMatching(/daily penalty/),
    ]);
  });

  it('a store that counts days on a local clock (UTC+12), not from 00:00 UTC', async () => {
    const local = () => {
      const inner = new InMemoryRateLimitStore();
      const shift = 12 * 3_600_000;
      return {
        take: (key: string, now: number, limits: Parameters<RateLimitStore['take']>[2]) =>
          inner.take(key, now + shift, limits),
        penalise: (
          key: string,
          now: number,
          scope: 'burst' | 'daily',
          limits: Parameters<RateLimitStore['take']>[2],
        ) => inner.penalise(key, now + shift, scope, limits),
      };
    };
    expect(await failures(local)).toEqual([
      'the daily quota counts within one UTC day and resets at 00:00 UTC',
    ]);
  });

  it('a store whose bucket never refills, or refills past its burst', async () => {
    const frozen = () => {
      const inner = new InMemoryRateLimitStore();
      let first: number | undefined;
      return {
        take: (key: string, now: number, limits: Parameters<RateLimitStore['take']>[2]) => {
          first ??= now;
          return inner.take(key, first, limits);
        },
        penalise: inner.penalise.bind(inner),
      };
    };
    expect(await failures(frozen)).toContain(
      'the wait is for the missing part of a token, at the configured rate',
    );
    const bottomless = () => {
      const inner = new InMemoryRateLimitStore();
      return {
        take: (key: string, now: number, limits: Parameters<RateLimitStore['take']>[2]) =>
          inner.take(key, now, { ...limits, burst: limits.burst * 2 }),
        penalise: inner.penalise.bind(inner),
      };
    };
    expect(await failures(bottomless)).toContain(
      'a new key starts with a full bucket: `burst` requests at once, then a burst refusal',
    );
  });
});
