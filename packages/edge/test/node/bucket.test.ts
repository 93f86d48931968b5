import { InMemoryRateLimitStore, type RateLimits } from '@sportscloud/core';
import { mulberry32 } from '@sportscloud/test-utils';
import { describe, expect, it } from 'vitest';
import { SportsCloudCoordinator } from '../../src/cloudflare/index.ts';
import { type BucketState, penaliseBucket, takeFromBucket } from '../../src/index.ts';

describe('bucket arithmetic shared by the KV and Durable Object stores', () => {
  it('answers exactly like core’s InMemoryRateLimitStore over random sequences (JSON round trip included)', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rng = mulberry32(seed);
      const random = () => rng.next();
      const limits: RateLimits = {
        perSecond: [1, 2.5, 10][seed % 3]!,
        burst: 1 + Math.floor(random() * 60),
        dailyQuota: 5 + Math.floor(random() * 200),
      };
      const reference = new InMemoryRateLimitStore();
      let state: BucketState | undefined;
      let now = Date.UTC(2026, 0, 1, 23, 50) + Math.floor(random() * 600_000);
      for (let step = 0; step < 300; step++) {
        now += Math.floor(random() * random() * 3_000);
        const roll = random();
        if (roll < 0.05) {
          const scope = roll < 0.01 ? 'daily' : 'burst';
          state = JSON.parse(JSON.stringify(penaliseBucket(state, now, scope, limits)));
          await reference.penalise('k', now, scope, limits);
          continue;
        }
        const next = takeFromBucket(state, now, limits);
        state = JSON.parse(JSON.stringify(next.state));
        expect(next.result, `seed ${seed} step ${step}`).toEqual(await reference.take('k', now, limits));
      }
    }
  });
});

describe('SportsCloudCoordinator (protocol; atomicity is proven in workerd)', () => {
  const storage = () => {
    const map = new Map<string, unknown>();
    return {
      get: async (k: string) => structuredClone(map.get(k)),
      put: async (k: string, v: unknown) => void map.set(k, structuredClone(v)),
    };
  };
  const post = (object: SportsCloudCoordinator, path: string, body: unknown) =>
    object.fetch(
      new Request(`https://do${path}`, {
        method: 'POST',
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    );
  const limits = { perSecond: 1, burst: 2, dailyQuota: 10 };

  it('takes, penalises and keeps checkpoints per key', async () => {
    const object = new SportsCloudCoordinator({ storage: storage() });
    const take = async () => (await post(object, '/rate-limit/take', { key: 'c', now: 0, limits })).json();
    expect([await take(), await take(), await take()]).toEqual([
      { granted: true },
      { granted: true },
      { granted: false, scope: 'burst', retryInMs: 1000 },
    ]);
    expect(
      (await post(object, '/rate-limit/penalise', { key: 'c', now: 5000, scope: 'daily', limits })).status,
    ).toBe(200);
    expect(
      await (await post(object, '/rate-limit/take', { key: 'c', now: 5001, limits })).json(),
    ).toMatchObject({
      granted: false,
      scope: 'daily',
    });
    await post(object, '/checkpoint/put', { key: 'sync/cursor', value: 3 });
    expect(await (await post(object, '/checkpoint/get', { key: 'sync/cursor' })).json()).toEqual({
      value: 3,
    });
    expect(await (await post(object, '/checkpoint/get', { key: 'other' })).json()).toEqual({ value: null });
  });

  it('answers 400 to malformed or unbounded input and 405 to anything but POST', async () => {
    const object = new SportsCloudCoordinator({ storage: storage() });
    for (const body of [
      'not json',
      '[]',
      { key: '', now: 0, limits },
      { key: 'x'.repeat(300), now: 0, limits },
      { key: 'c', now: 'soon', limits },
      { key: 'c', now: 0, limits: { perSecond: -1, burst: 2, dailyQuota: 3 } },
      { key: 'c', now: 0, limits: { perSecond: 1, burst: null, dailyQuota: 3 } },
      JSON.stringify({ key: 'c', pad: 'x'.repeat(70_000) }),
    ]) {
      expect((await post(object, '/rate-limit/take', body)).status).toBe(400);
    }
    expect(
      (await post(object, '/rate-limit/penalise', { key: 'c', now: 0, limits, scope: 'weekly' })).status,
    ).toBe(400);
    expect((await post(object, '/elsewhere', { key: 'c' })).status).toBe(404);
    expect((await object.fetch(new Request('https://do/rate-limit/take'))).status).toBe(405);
  });
});
