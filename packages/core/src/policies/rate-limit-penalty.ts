import { RateLimitError } from '../errors';
import type { Clock } from '../internal/clock';
import type { Middleware } from '../transport/pipeline';
import type { Headroom } from './headroom';
import type { RateLimitStore } from './rate-limit-store';

export interface RateLimitPenaltyOptions {
  readonly key: string;
  readonly store: RateLimitStore;
  readonly headroom: Headroom;
  readonly clock: Clock;
}

/**
 * Store penalties: a 429 from the server (another process spent the budget, clock drift, jitter)
 * teaches the client-side limiter. A burst 429 empties the bucket and grows the headroom; a daily
 * one closes the day in the store. The error goes on unchanged to whoever decides about waiting.
 */
export function rateLimitPenaltyPolicy({ key, store, headroom, clock }: RateLimitPenaltyOptions): Middleware {
  return async (exchange, next) => {
    const startedAt = clock.now();
    try {
      return await next(exchange);
    } catch (error) {
      if (error instanceof RateLimitError && error.response) {
        // Requests bunched up on the way more than the headroom allowed for: keep more of it.
        if (error.scope === 'burst') headroom.throttled(startedAt, clock.now());
        await store.penalise(key, clock.now(), error.scope, headroom.paced);
      }
      throw error;
    }
  };
}
