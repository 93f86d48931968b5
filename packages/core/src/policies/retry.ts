import { ConnectionError, DecodeError, isSportsCloudError, ServerError, TimeoutError } from '../errors';
import type { Clock } from '../internal/clock';
import type { Exchange, Middleware } from '../transport/pipeline';

export interface RetryOptions {
  readonly clock: Clock;
  /** Uniform in [0, 1): injected so tests can pin the jitter. */
  readonly random: () => number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
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
 * Whether an error is worth repeating the request for: server errors, lost connections,
 * attempt timeouts and bodies corrupted in transit — and only for GET, which is idempotent.
 * Other 4xx never are: repeating them cannot change the answer.
 */
export function isRetryable(error: unknown, exchange: Exchange): boolean {
  if (exchange.request.method !== 'GET' || !isSportsCloudError(error)) return false;
  if (error instanceof DecodeError) return error.response !== undefined && error.variable === undefined;
  return error instanceof ServerError || error instanceof ConnectionError || error instanceof TimeoutError;
}

/** Retries retryable failures up to `maxRetries` times with full-jitter backoff on the injected clock. */
export function retryPolicy(options: RetryOptions): Middleware {
  const { clock, random, baseDelayMs, maxDelayMs } = options;
  return async (exchange, next) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await next(exchange);
      } catch (error) {
        if (attempt >= exchange.options.maxRetries || !isRetryable(error, exchange)) throw error;
        await clock.sleep(backoffDelay(attempt, random, baseDelayMs, maxDelayMs), exchange.options.signal);
      }
    }
  };
}
