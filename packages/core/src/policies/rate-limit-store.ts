import { DAY_MS } from '../internal/clock';

/** The API's documented limits (usage-limits page): 1 token/s, burst 60, 5000 a day from 00:00 UTC. */
export interface RateLimits {
  /** Tokens added per second. */
  readonly perSecond: number;
  /** Bucket capacity. */
  readonly burst: number;
  /** Requests per UTC day. */
  readonly dailyQuota: number;
}

export const DOCUMENTED_RATE_LIMITS: RateLimits = { perSecond: 1, burst: 60, dailyQuota: 5000 };

export type TakeResult =
  | { readonly granted: true }
  | { readonly granted: false; readonly scope: 'burst'; readonly retryInMs: number }
  | { readonly granted: false; readonly scope: 'daily'; readonly resetAt: number };

/**
 * Where a consumer's budget lives. Async and keyed by consumer, so several processes can share
 * one budget through Redis, a database, a Durable Object… Every method must be atomic per key.
 */
export interface RateLimitStore {
  /** Takes one request from the bucket and the day's quota, or says how long to wait. */
  take(key: string, now: number, limits: RateLimits): Promise<TakeResult>;
  /** The server said 429 anyway (another process, clock drift): empty the bucket, or close the day. */
  penalise(key: string, now: number, scope: 'burst' | 'daily', limits: RateLimits): Promise<void>;
}

interface BucketState {
  tokens: number;
  updatedAt: number;
  day: number;
  usedToday: number;
  /** Set when the server said the daily quota is gone: nothing is spent until the next day. */
  closedDay?: number;
}

/** The default store: exact token-bucket arithmetic in memory, one state per consumer. */
export class InMemoryRateLimitStore implements RateLimitStore {
  readonly #states = new Map<string, BucketState>();

  async take(key: string, now: number, limits: RateLimits): Promise<TakeResult> {
    const state = this.#refill(key, now, limits);
    const day = state.day;
    if (state.closedDay === day || state.usedToday >= limits.dailyQuota) {
      return { granted: false, scope: 'daily', resetAt: (day + 1) * DAY_MS };
    }
    if (state.tokens < 1) {
      return {
        granted: false,
        scope: 'burst',
        retryInMs: Math.ceil(((1 - state.tokens) / limits.perSecond) * 1000),
      };
    }
    state.tokens -= 1;
    state.usedToday += 1;
    return { granted: true };
  }

  async penalise(key: string, now: number, scope: 'burst' | 'daily', limits: RateLimits): Promise<void> {
    const state = this.#refill(key, now, limits);
    if (scope === 'daily') state.closedDay = state.day;
    else state.tokens = Math.min(state.tokens, 0);
  }

  #refill(key: string, now: number, limits: RateLimits): BucketState {
    const day = Math.floor(now / DAY_MS);
    let state = this.#states.get(key);
    if (!state) {
      state = { tokens: limits.burst, updatedAt: now, day, usedToday: 0 };
      this.#states.set(key, state);
    }
    const elapsed = Math.max(0, now - state.updatedAt);
    state.tokens = Math.min(limits.burst, state.tokens + (elapsed / 1000) * limits.perSecond);
    state.updatedAt = Math.max(state.updatedAt, now);
    // Only a later day resets the count: a clock step back across 00:00 UTC keeps the later day's.
    if (day > state.day) {
      state.day = day;
      state.usedToday = 0;
    }
    return state;
  }
}
