import { RateLimitError } from '../errors';
import { type Clock, sleep } from '../internal/clock';
import type { ClientEventEmitter } from '../internal/events';
import type { Middleware } from '../transport/pipeline';

/** A `Retry-After` longer than this is not waited out: the error is raised instead. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** How often one call waits out a burst 429, on top of its `maxRetries`. */
export const MAX_THROTTLE_RETRIES = 10;
/** The wait when a 429 names none: the bucket refills a token a second. */
const DEFAULT_RETRY_AFTER_MS = 1_000;

export interface ThrottleOptions {
  readonly clock: Clock;
  readonly events: ClientEventEmitter;
}

/**
 * Throttle waits: a burst 429 from the server is waited out (its `Retry-After` honoured, capped)
 * and the request repeated; a daily 429 is raised at once. Only the server's 429s: the rate
 * limiter's own daily refusal carries no response and is never waited out here.
 */
export function throttlePolicy({ clock, events }: ThrottleOptions): Middleware {
  return async (exchange, next) => {
    for (let throttled = 0; ; throttled += 1) {
      try {
        return await next(exchange);
      } catch (error) {
        if (!(error instanceof RateLimitError && error.response) || error.scope === 'daily') throw error;
        const wanted = error.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
        if (throttled >= MAX_THROTTLE_RETRIES || wanted > MAX_RETRY_AFTER_MS) throw error;
        // Waiting here and again in the rate limiter is harmless: the bucket refills meanwhile.
        events.emit('wait', { operation: exchange.request.operation, reason: 'throttled', ms: wanted });
        await sleep(clock, wanted, exchange.options.signal);
      }
    }
  };
}
