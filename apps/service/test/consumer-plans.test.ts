import { randomBytes } from 'node:crypto';
import type { RateLimits } from '@sportscloud/core';
import type { PostgresStorage } from '@sportscloud/sync';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ServiceConfig } from '../src/config';
import { openServiceStorage } from '../src/database';
import type { ServiceMetrics } from '../src/metrics';
import { ConsumerPlans } from '../src/scale/consumer-plans';
import { ConsumerStore } from '../src/scale/consumer-store';
import { ConsumerSyncs } from '../src/scale/consumer-syncs';
import { CredentialCipher } from '../src/scale/credential-cipher';
import type { SportsCloudSource } from '../src/sports-cloud-source';
import { throwawayDatabase } from './helpers';

/** 2025-03-01T12:00:00Z: the plans' "today". */
const NOW = Date.UTC(2025, 2, 1, 12);
const ADMIN = { tokenId: 1, accounts: '*', scopes: ['admin'] } as const;

describe("every consumer's quota plan (the status endpoint's `consumers`)", () => {
  let db: Awaited<ReturnType<typeof throwawayDatabase>>;
  let storage: PostgresStorage;
  let store: ConsumerStore;

  beforeAll(async () => {
    db = await throwawayDatabase('pglite');
    storage = await openServiceStorage({ database: db.database });
    await ConsumerStore.migrate(storage);
    store = new ConsumerStore(storage, new CredentialCipher(randomBytes(32)));
    const stored: [string, Partial<RateLimits> | undefined][] = [
      ['club-a', { dailyQuota: 800 }],
      ['club-b', undefined],
      ['club-c', { perSecond: 2, burst: 10, dailyQuota: 1200 }],
      // The environment's consumer stored as well: its own limits win when the environment sets them.
      ['env-1', { dailyQuota: 900 }],
      ['club-d', { dailyQuota: 40 }],
    ];
    for (const [consumerId, rateLimit] of stored)
      await store.put({
        consumerId,
        sharedSecret: `secret-of-${consumerId}`,
        ...(rateLimit ? { rateLimit } : {}),
      });
  });

  afterAll(async () => {
    await storage?.close();
    await db?.drop();
  });

  const plansOf = (envRateLimit: Partial<RateLimits> | undefined) => {
    const source: SportsCloudSource = {
      client: {
        consumerId: 'env-1',
        sharedSecret: 'secret-of-env-1',
        ...(envRateLimit ? { rateLimit: envRateLimit } : {}),
      },
      demo: false,
      description: 'a test source',
      close: async () => {},
    };
    // The config and the metrics serve runs only: a plan reads neither.
    const syncs = new ConsumerSyncs({
      config: {} as ServiceConfig,
      storage,
      source,
      consumers: store,
      metrics: {} as ServiceMetrics,
    });
    return new ConsumerPlans(storage, syncs);
  };

  const quotas = (plans: { consumerId: string; dailyQuota: number }[]) =>
    plans.map((p) => [p.consumerId, p.dailyQuota]);

  it("gives each consumer its own daily quota: the environment's, a stored one, or the documented 5000", async () => {
    const plans = await plansOf({ dailyQuota: 3000 }).forPrincipal(ADMIN, NOW);
    expect(quotas(plans)).toEqual([
      ['env-1', 3000],
      ['club-a', 800],
      ['club-b', 5000],
      ['club-c', 1200],
      ['club-d', 40],
    ]);
    expect(plans[1]).toEqual({
      consumerId: 'club-a',
      dailyQuota: 800,
      usedToday: 0,
      remainingToday: 800,
      pending: 0,
      canFinishToday: true,
      summary: "The work left fits in today's quota: the sync finishes today.",
    });
    expect(plans.map((p) => p.remainingToday)).toEqual([3000, 800, 5000, 1200, 40]);
  });

  it("takes the stored limits of the environment's consumer when the environment sets none", async () => {
    const plans = await plansOf(undefined).forPrincipal(ADMIN, NOW);
    expect(quotas(plans)).toEqual([
      ['env-1', 900],
      ['club-a', 800],
      ['club-b', 5000],
      ['club-c', 1200],
      ['club-d', 40],
    ]);
  });

  it('plans only the consumers a token is limited to, in the deployment order', async () => {
    const plans = await plansOf({ dailyQuota: 3000 }).forPrincipal(
      { ...ADMIN, scopes: ['read'], consumers: ['club-d', 'club-b'] },
      NOW,
    );
    expect(quotas(plans)).toEqual([
      ['club-b', 5000],
      ['club-d', 40],
    ]);
  });

  it('reads the stored consumers a bounded number of times, however many there are', async () => {
    const listed = vi.spyOn(store, 'list');
    try {
      await plansOf({ dailyQuota: 3000 }).forPrincipal(ADMIN, NOW);
      // Once for the ids, once for every consumer's limits (not once per consumer).
      expect(listed).toHaveBeenCalledTimes(2);
    } finally {
      listed.mockRestore();
    }
  });
});
