import { isReauthenticable } from '../auth/auth-policy';
import {
  ConnectionError,
  DecodeError,
  isSportsCloudError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../errors';
import { type Clock, sleep } from '../internal/clock';
import type { ClientEventEmitter } from '../internal/events';
import type { Exchange, Middleware } from '../transport/pipeline';
import type { Headroom } from './headroom';
import type { RateLimitStore } from './rate-limit-store';
import type { RetryBudget } from './retry-budget';

export interface RetryOptions {
  readonly clock: Clock;
  /** Uniform in [0, 1): injected so tests can pin the jitter. */
  readonly random: () => number;
  readonly budget: RetryBudget;
  readonly events: ClientEventEmitter;
  /** Where a server-side 429 is reported, so the client-side bucket and its headroom learn from it. */
  readonly rateLimit?: { key: string; store: RateLimitStore; headroom: Headroom };
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited out: the error is raised instead. */
  readonly maxRetryAfterMs?: number;
  /** How often a burst 429 is waited out, on top of `maxRetries`. */
  readonly maxThrottleRetries?: number;
}

/** Full jitter (AWS): a uniformly random delay up to the capped exponential. */
export function backoffDelay(
  attempt: number,
  random: () => number,
  baseDelayMs = 500,
  maxDelayMs = 8_000,
): number {
  return random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
}

/**
 * Whether an error is worth repeating the request for: only what can change on a second try —
 * server errors, lost connections, attempt timeouts and bodies damaged in transit — and only for
 * GET, which is idempotent. Other 4xx never are, nor a body that decodes to something the client
 * does not support (an unknown series type): the same bytes would come back.
 */
export function isRetryable(error: unknown, exchange: Exchange): boolean {
  if (exchange.request.method !== 'GET' || !isSportsCloudError(error)) return false;
  // A body or a series cut or corrupted in transit: ask again. A well-formed one we cannot read: never.
  if (error instanceof DecodeError) return error.retryable;
  return error instanceof ServerError || error instanceof ConnectionError || error instanceof TimeoutError;
}

/**
 * Retries retryable failures up to `maxRetries` times with full-jitter backoff, while the
 * client's retry budget lasts. A burst 429 is waited out (its `Retry-After` honoured, capped);
 * a daily 429 closes the day in the rate-limit store and is raised at once.
 */
export function retryPolicy(options: RetryOptions): Middleware {
  const { clock, random, budget, events, rateLimit } = options;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const maxThrottleRetries = options.maxThrottleRetries ?? 10;

  return async (exchange, next) => {
    const { operation } = exchange.request;
    let retries = 0;
    let throttled = 0;
    let reauthenticated = false;
    for (;;) {
      let delayMs: number;
      const startedAt = clock.now();
      try {
        const body = await next(exchange);
        budget.recordSuccess();
        return body;
      } catch (error) {
        if (error instanceof RateLimitError && error.response) {
          if (rateLimit) {
            // Requests bunched up on the way more than the headroom allowed for: keep more of it.
            if (error.scope === 'burst') rateLimit.headroom.throttled(startedAt, clock.now());
            await rateLimit.store.penalise(rateLimit.key, clock.now(), error.scope, rateLimit.headroom.paced);
          }
          if (error.scope === 'daily') throw error;
          const wanted = error.retryAfterMs ?? 1_000;
          if (throttled >= maxThrottleRetries || wanted > maxRetryAfterMs) throw error;
          throttled += 1;
          // The bucket refills a token a second; waiting here and again in the limiter is harmless.
          events.emit('wait', { operation, reason: 'throttled', ms: wanted });
          await sleep(clock, wanted, exchange.options.signal);
          continue;
        }
        if (isReauthenticable(error, exchange.request.auth, reauthenticated)) {
          // The auth policy dropped the rejected token: go again at once with a fresh one.
          reauthenticated = true;
          continue;
        }
        if (retries >= exchange.options.maxRetries || !isRetryable(error, exchange)) throw error;
        if (!budget.trySpend(error instanceof TimeoutError ? 'timeout' : 'retry')) throw error;
        delayMs = backoffDelay(retries, random, options.baseDelayMs, options.maxDelayMs);
        retries += 1;
        events.emit('retry', {
          operation,
          attempt: retries,
          delayMs,
          code: (error as { code: string }).code,
        });
      }
      await sleep(clock, delayMs, exchange.options.signal);
    }
  };
}
