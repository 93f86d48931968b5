import { RateLimitError } from '../errors';
import { abortReason, type Clock, sleep } from '../internal/clock';
import type { ClientEventEmitter } from '../internal/events';
import type { Middleware } from '../transport/pipeline';
import type { RateLimitStore, RateLimits } from './rate-limit-store';

export interface RateLimitPolicyOptions {
  readonly key: string;
  readonly limits: RateLimits;
  readonly store: RateLimitStore;
  readonly clock: Clock;
  readonly events: ClientEventEmitter;
}

/**
 * Every request that leaves the client — first attempts, retries, polls, re-mints — takes a
 * token here first, in arrival order, so the API never sees more than its bucket allows. When
 * the day's quota is gone, calls fail fast without spending a request.
 */
export function rateLimitPolicy(options: RateLimitPolicyOptions): Middleware {
  const { key, limits, store, clock, events } = options;
  let queue: Promise<void> = Promise.resolve();

  const acquire = async (operation: string, signal: AbortSignal | undefined): Promise<void> => {
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      const result = await store.take(key, clock.now(), limits);
      if (result.granted) return;
      if (result.scope === 'daily') {
        const resetAt = new Date(result.resetAt);
        events.emit('quota', { scope: 'daily', resetAt: resetAt.toISOString() });
        throw new RateLimitError(
          `${operation}: the daily quota of ${limits.dailyQuota} requests is used up; it resets at ${resetAt.toISOString()}`,
          { scope: 'daily', resetAt },
        );
      }
      events.emit('wait', { operation, reason: 'rate-limit', ms: result.retryInMs });
      await sleep(clock, result.retryInMs, signal);
    }
  };

  return async (exchange, next) => {
    const { operation } = exchange.request;
    const turn = queue.then(() => acquire(operation, exchange.options.signal));
    // The next caller waits for this one's token, not for its success.
    queue = turn.catch(() => {});
    await turn;
    return next(exchange);
  };
}
