import { describe, expect, it } from 'vitest';
import { DOCUMENTED_RATE_LIMITS, InMemoryRateLimitStore, RateLimitError, ServerError } from '../../src';
import { Headroom } from '../../src/policies/headroom';
import { rateLimitPenaltyPolicy } from '../../src/policies/rate-limit-penalty';
import type { RateLimits } from '../../src/policies/rate-limit-store';
import { manualClock } from '../support/manual-clock';
import { exchange, scriptedNext } from './stub-exchange';

const response = { status: 429, headers: {} };

function setup() {
  const clock = manualClock();
  const store = new InMemoryRateLimitStore();
  const penalties: [string, number, string, RateLimits][] = [];
  const spy = {
    take: store.take.bind(store),
    penalise: async (key: string, now: number, scope: 'burst' | 'daily', limits: RateLimits) => {
      penalties.push([key, now, scope, limits]);
      await store.penalise(key, now, scope, limits);
    },
  };
  const headroom = new Headroom(DOCUMENTED_RATE_LIMITS, 100);
  return {
    clock,
    store,
    headroom,
    penalties,
    policy: rateLimitPenaltyPolicy({ key: 'c1', store: spy, headroom, clock }),
  };
}

describe('rateLimitPenaltyPolicy (a 429 teaches the limiter)', () => {
  it('a burst 429 empties the bucket, grows the headroom, and goes on unchanged', async () => {
    const { clock, store, headroom, penalties, policy } = setup();
    const error = new RateLimitError('throttled', { scope: 'burst', response });
    await expect(policy(exchange(), scriptedNext(error))).rejects.toBe(error);
    expect(penalties).toEqual([['c1', clock.now(), 'burst', headroom.paced]]);
    expect(headroom.jitterMs).toBe(200);
    await expect(store.take('c1', clock.now(), headroom.paced)).resolves.toMatchObject({
      granted: false,
      scope: 'burst',
    });
  });

  it('a daily 429 closes the day and leaves the headroom alone', async () => {
    const { clock, store, headroom, penalties, policy } = setup();
    const error = new RateLimitError('quota', { scope: 'daily', response });
    await expect(policy(exchange(), scriptedNext(error))).rejects.toBe(error);
    expect(penalties.map((p) => p[2])).toEqual(['daily']);
    expect(headroom.jitterMs).toBe(100);
    await expect(store.take('c1', clock.now(), headroom.paced)).resolves.toMatchObject({
      granted: false,
      scope: 'daily',
    });
  });

  it('the headroom learns from when the request started, not when its 429 came', async () => {
    const { clock, headroom, policy } = setup();
    const slow = async () => {
      await clock.sleep(5_000);
      throw new RateLimitError('throttled', { scope: 'burst', response });
    };
    // Two requests in flight when the first 429 comes: the second was paced by the old headroom.
    const first = policy(exchange(), slow).catch(() => undefined);
    const second = policy(exchange(), slow).catch(() => undefined);
    await clock.advance(5_000);
    await Promise.all([first, second]);
    expect(headroom.jitterMs).toBe(200);
  });

  it("passes the client's own refusals (no response), other errors and successes through untouched", async () => {
    const { penalties, headroom, policy } = setup();
    const own = new RateLimitError('own', { scope: 'daily' });
    await expect(policy(exchange(), scriptedNext(own))).rejects.toBe(own);
    const server = new ServerError('503', { status: 503 });
    await expect(policy(exchange(), scriptedNext(server))).rejects.toBe(server);
    await expect(policy(exchange(), scriptedNext('body'))).resolves.toBe('body');
    expect(penalties).toEqual([]);
    expect(headroom.jitterMs).toBe(100);
  });
});
