import { createFakeSportsCloud } from '@sportscloud/test-utils';
import { describe, expect, it } from 'vitest';
import { SportsCloudClient } from '../../src';
import {
  DEFAULT_ARRIVAL_JITTER_MS,
  Headroom,
  learntJitterMs,
  pacedLimits,
} from '../../src/policies/headroom';
import { DOCUMENTED_RATE_LIMITS } from '../../src/policies/rate-limit-store';
import { manualClock, runUntilSettled } from '../support/manual-clock';
import { CREDENTIALS, json, scriptedFetch } from '../support/scripted-fetch';

/** The headroom rule (issue 7, point 2): rate × jitter tokens of the burst kept in reserve. */

describe('pacedLimits', () => {
  it('keeps rate × jitter tokens of the burst, and the documented rate', () => {
    expect(pacedLimits({ perSecond: 20, burst: 10, dailyQuota: 5000 }, 100)).toEqual({
      perSecond: 20,
      burst: 8,
      dailyQuota: 5000,
    });
    // At the documented 1/s, 100 ms of jitter costs a tenth of one of the 60 tokens.
    expect(pacedLimits(DOCUMENTED_RATE_LIMITS, DEFAULT_ARRIVAL_JITTER_MS).burst).toBeCloseTo(59.9, 9);
    expect(pacedLimits(DOCUMENTED_RATE_LIMITS, 0)).toEqual(DOCUMENTED_RATE_LIMITS);
  });

  it('a bucket too small for the reserve is paced slower instead: one request per 1/rate + jitter', () => {
    const paced = pacedLimits({ perSecond: 10, burst: 1, dailyQuota: 100 }, 100);
    expect(paced.burst).toBe(1);
    expect(1000 / paced.perSecond).toBeCloseTo(200, 9);
  });

  it('each 429 doubles the assumed jitter, up to one token of burst left (or one interval)', () => {
    const limits = { perSecond: 20, burst: 10, dailyQuota: 5000 };
    expect(learntJitterMs(limits, 100)).toBe(200);
    expect(learntJitterMs(limits, 0)).toBe(1);
    expect(learntJitterMs(limits, 400)).toBe(450);
    expect(pacedLimits(limits, 450).burst).toBeCloseTo(1, 9);
    const headroom = new Headroom(limits, 100);
    headroom.throttled(1_000, 1_050);
    expect(headroom.jitterMs).toBe(200);
    expect(headroom.paced.burst).toBe(6);
    // Other 429s of requests started before that adjustment tell nothing new.
    headroom.throttled(1_010, 1_060);
    expect(headroom.jitterMs).toBe(200);
    headroom.throttled(1_050, 1_100);
    expect(headroom.jitterMs).toBe(400);
  });
});

describe('the client learns from a 429 that still comes', () => {
  it('after a 429 the next burst keeps more in reserve', async () => {
    const clock = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0));
    const sentAt: number[] = [];
    // The server throttles the 5th request once: the path bunches requests more than assumed.
    const server = scriptedFetch((_, i) => {
      sentAt.push(clock.now());
      return i === 4
        ? json({ message: 'Too Many Requests' }, { status: 429, headers: { 'retry-after': '1' } })
        : json({ accounts: [] });
    });
    const client = new SportsCloudClient({
      ...CREDENTIALS,
      baseURL: 'https://api.test/v1',
      fetch: server.fetch,
      clock,
      random: () => 0.5,
      rateLimit: { perSecond: 10, burst: 10, arrivalJitterMs: 100 },
    });
    // Reserve 1 token: 9 at once.
    await runUntilSettled(clock, Promise.all(Array.from({ length: 9 }, () => client.accounts.list())));
    expect(sentAt.filter((t) => t === sentAt[0])).toHaveLength(9);
    // After the 429 the jitter assumed is 200 ms: 2 tokens kept, so a full bucket gives 8 at once.
    await clock.advance(60_000);
    const before = sentAt.length;
    await runUntilSettled(clock, Promise.all(Array.from({ length: 10 }, () => client.accounts.list())));
    const burst = sentAt.slice(before);
    expect(burst.filter((t) => t === burst[0])).toHaveLength(8);
  });
});

describe('arrival jitter within the assumed bound costs no 429 (simulated time)', () => {
  /**
   * The fake Sports Cloud behind a path that is slow at first (a cold connection, a busy server):
   * the first burst takes 90 ms on the way, later requests none, so those sent after the burst
   * arrive up to 90 ms closer to it than they were sent. Deterministic, on one simulated clock.
   */
  async function jitteredExport(arrivalJitterMs: number | undefined) {
    const clock = manualClock(Date.UTC(2026, 10, 26, 10, 0, 0));
    const fake = createFakeSportsCloud({
      seed: 5,
      clock,
      limits: { rate: 20, burst: 10 },
      dataset: { accounts: 1 },
    });
    let sent = 0;
    const client = new SportsCloudClient({
      consumerId: fake.consumerId,
      sharedSecret: fake.sharedSecret,
      apiKey: fake.apiKey,
      baseURL: 'https://api.firstbeat.com/v1',
      fetch: async (input, init) => {
        const request = new Request(input, init);
        if (sent++ < 10) await clock.sleep(90);
        return fake.fetch(request);
      },
      clock,
      random: () => 0.5,
      rateLimit: { perSecond: 20, burst: 10, ...(arrivalJitterMs === undefined ? {} : { arrivalJitterMs }) },
    });
    const start = clock.now();
    await runUntilSettled(clock, Promise.all(Array.from({ length: 100 }, () => client.accounts.list())));
    return { stats: fake.stats(), seconds: (clock.now() - start) / 1000 };
  }

  it('without headroom the bucket runs dry; with the default 100 ms it never does', async () => {
    const bare = await jitteredExport(0);
    const kept = await jitteredExport(undefined);
    console.log(
      JSON.stringify({
        bench: 'headroom-simulated-jitter',
        how: '100 calls, fake and client at 20/s burst 10, the first 10 requests delayed 90 ms on the way',
        withoutHeadroom: {
          requests: bare.stats.total,
          tooMany: bare.stats.throttled.burst,
          seconds: bare.seconds,
        },
        withHeadroom: {
          requests: kept.stats.total,
          tooMany: kept.stats.throttled.burst,
          seconds: kept.seconds,
        },
        bound: (100 - 10) / 20,
      }),
    );
    expect(bare.stats.throttled.burst).toBeGreaterThan(0);
    expect(kept.stats.throttled.burst).toBe(0);
    expect(kept.stats.total).toBe(100);
    // The reserve costs J of time: 4.5 s + 0.1 s.
    expect(kept.seconds).toBeLessThanOrEqual(4.5 + 0.1 + 1e-9);
  });
});
