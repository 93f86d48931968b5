import { createFakeSportsCloud, type FakeSportsCloud } from '@sportscloud/test-utils';
import { describe, expect, it } from 'vitest';
import { type RateLimits, SportsCloudClient } from '../../src';
import { InMemoryRateLimitStore, type RateLimitStore } from '../../src/policies/rate-limit-store';
import { type ManualClock, manualClock, runUntilSettled } from '../support/manual-clock';

/**
 * Every request counts against the API's budget: these run the client against the fake Sports Cloud,
 * both on one simulated clock, and count what the fake saw (issue 7, point 1).
 */

interface Run {
  fake: FakeSportsCloud;
  clock: ManualClock;
  client(options?: { apiKey?: boolean; store?: RateLimitStore }): SportsCloudClient;
}

function world(limits: Pick<RateLimits, 'perSecond' | 'burst'>): Run {
  const clock = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0));
  const fake = createFakeSportsCloud({
    seed: 7,
    clock,
    limits: { rate: limits.perSecond, burst: limits.burst },
    dataset: { accounts: 1, athletesPerAccount: 2, measurementsPerAthlete: 1, sessionsPerTeam: 1 },
  });
  return {
    fake,
    clock,
    client: ({ apiKey = true, store } = {}) =>
      new SportsCloudClient({
        consumerId: fake.consumerId,
        sharedSecret: fake.sharedSecret,
        ...(apiKey ? { apiKey: fake.apiKey } : {}),
        baseURL: 'https://api.firstbeat.com/v1',
        fetch: (input, init) => fake.fetch(new Request(input, init)),
        clock,
        random: () => 0.5,
        rateLimit: limits,
        ...(store ? { rateLimitStore: store } : {}),
      }),
  };
}

/** What the fake answered, by status, and how long the calls took in simulated seconds. */
async function measure(run: Run, calls: () => Promise<unknown>[]) {
  const start = run.clock.now();
  const settled = await runUntilSettled(run.clock, Promise.allSettled(calls()));
  const stats = run.fake.stats();
  return {
    fulfilled: settled.filter((s) => s.status === 'fulfilled').length,
    requests: stats.total,
    byStatus: stats.byStatus,
    seconds: (run.clock.now() - start) / 1000,
  };
}

describe('the budget without an apiKey (the API key is fetched first)', () => {
  it('30 concurrent calls at 10/s burst 5: no 429, the same requests as with an apiKey', async () => {
    const withKey = world({ perSecond: 10, burst: 5 });
    const keyed = withKey.client({ apiKey: true });
    const a = await measure(withKey, () => Array.from({ length: 30 }, () => keyed.accounts.list()));

    const withoutKey = world({ perSecond: 10, burst: 5 });
    const unkeyed = withoutKey.client({ apiKey: false });
    const b = await measure(withoutKey, () => Array.from({ length: 30 }, () => unkeyed.accounts.list()));

    console.log(JSON.stringify({ bench: 'budget-30-calls', withApiKey: a, withoutApiKey: b }));
    expect(a).toMatchObject({ fulfilled: 30, requests: 30, byStatus: { 200: 30 } });
    // One more request: GET /account/api-key, sent once, before the others.
    expect(b).toMatchObject({ fulfilled: 30, requests: 31, byStatus: { 200: 31 } });
    expect(withoutKey.fake.requests[0]?.path).toBe('/account/api-key');
    // The key request took its token too: the 30 calls are not faster than the bucket allows.
    expect(b.seconds).toBeGreaterThanOrEqual(a.seconds);
  });

  it('two clients without apiKey sharing one rate-limit store: no 429', async () => {
    const run = world({ perSecond: 10, burst: 5 });
    const store = new InMemoryRateLimitStore();
    const first = run.client({ apiKey: false, store });
    const second = run.client({ apiKey: false, store });
    const result = await measure(run, () =>
      Array.from({ length: 40 }, (_, i) => (i % 2 ? first : second).accounts.list()),
    );
    console.log(JSON.stringify({ bench: 'budget-shared-store', ...result }));
    expect(result).toMatchObject({ fulfilled: 40, requests: 42, byStatus: { 200: 42 } });
  });

  it('1,000 calls at the documented limits take the token-bucket time, with no 401 and no 429', async () => {
    const run = world({ perSecond: 1, burst: 60 });
    const client = run.client({ apiKey: false });
    const result = await measure(run, () => Array.from({ length: 1000 }, () => client.accounts.list()));
    console.log(
      JSON.stringify({ bench: 'budget-1000-calls', ...result, tokenSignings: client.tokenSignings }),
    );
    expect(result).toMatchObject({ fulfilled: 1000, requests: 1001, byStatus: { 200: 1001 } });
    // 1,001 requests (the key included), 60 at once, then one a second: 941 s, plus the 0.1 s the
    // default headroom for arrival jitter costs (a tenth of a token kept in reserve).
    expect(result.seconds).toBeGreaterThanOrEqual(941);
    expect(result.seconds).toBeLessThanOrEqual(941.2);
  }, 120_000);
});
