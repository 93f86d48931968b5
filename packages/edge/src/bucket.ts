import type { RateLimits, TakeResult } from '@sportscloud/core';

/**
 * One consumer's budget as plain data, so a shared store (Deno KV, a Durable Object) can read,
 * change and write it back atomically. The arithmetic is exactly core's `InMemoryRateLimitStore`
 * (a test replays random sequences through both).
 */
export interface BucketState {
  readonly tokens: number;
  readonly updatedAt: number;
  readonly day: number;
  readonly usedToday: number;
  /** Set when the server said the daily quota is gone: nothing is spent until the next day. */
  readonly closedDay?: number;
}

const DAY_MS = 86_400_000;

function refill(state: BucketState | undefined, now: number, limits: RateLimits): BucketState {
  const day = Math.floor(now / DAY_MS);
  const current = state ?? { tokens: limits.burst, updatedAt: now, day, usedToday: 0 };
  const elapsed = Math.max(0, now - current.updatedAt);
  const next: BucketState = {
    ...current,
    tokens: Math.min(limits.burst, current.tokens + (elapsed / 1000) * limits.perSecond),
    updatedAt: Math.max(current.updatedAt, now),
  };
  // Only a later day resets the count: a clock step back across 00:00 UTC keeps the later day's.
  return day > next.day ? { ...next, day, usedToday: 0 } : next;
}

/** Takes one request, or says how long to wait; returns the state to store either way. */
export function takeFromBucket(
  state: BucketState | undefined,
  now: number,
  limits: RateLimits,
): { state: BucketState; result: TakeResult } {
  const current = refill(state, now, limits);
  const day = current.day;
  if (current.closedDay === day || current.usedToday >= limits.dailyQuota) {
    return { state: current, result: { granted: false, scope: 'daily', resetAt: (day + 1) * DAY_MS } };
  }
  if (current.tokens < 1) {
    const retryInMs = Math.ceil(((1 - current.tokens) / limits.perSecond) * 1000);
    return { state: current, result: { granted: false, scope: 'burst', retryInMs } };
  }
  return {
    state: { ...current, tokens: current.tokens - 1, usedToday: current.usedToday + 1 },
    result: { granted: true },
  };
}

/** The server answered 429 anyway: empty the bucket, or close the day. */
export function penaliseBucket(
  state: BucketState | undefined,
  now: number,
  scope: 'burst' | 'daily',
  limits: RateLimits,
): BucketState {
  const current = refill(state, now, limits);
  return scope === 'daily'
    ? { ...current, closedDay: current.day }
    : { ...current, tokens: Math.min(current.tokens, 0) };
}

const MAX_LIMIT = 1e9;

/** Limits come over the wire into a Durable Object (as JSON, so finite): bound them before use. */
export function isRateLimits(value: unknown): value is RateLimits {
  if (typeof value !== 'object' || value === null) return false;
  const { perSecond, burst, dailyQuota } = value as Record<string, unknown>;
  return [perSecond, burst, dailyQuota].every(
    (n) => typeof n === 'number' && Number.isFinite(n) && n > 0 && n <= MAX_LIMIT,
  );
}

export function isBucketState(value: unknown): value is BucketState {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
  return (
    ['tokens', 'updatedAt', 'day', 'usedToday'].every((k) => typeof s[k] === 'number') &&
    (s.closedDay === undefined || typeof s.closedDay === 'number')
  );
}
