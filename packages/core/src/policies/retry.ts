import { ConnectionError, DecodeError, isSportsCloudError, ServerError, TimeoutError } from '../errors';
import { type Clock, sleep } from '../internal/clock';
import type { ClientEventEmitter } from '../internal/events';
import type { Exchange, Middleware } from '../transport/pipeline';
import type { RetryBudget } from './retry-budget';

export interface RetryOptions {
  readonly clock: Clock;
  /** Uniform in [0, 1): injected so tests can pin the jitter. */
  readonly random: () => number;
  readonly budget: RetryBudget;
  readonly events: ClientEventEmitter;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/** Full jitter (AWS): a uniformly random delay up to the capped exponential. */
export function backoffDelay(attempt: number, random: () => number): number {
  return random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt);
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
 * Transient failures: retries what `isRetryable` allows up to the call's `maxRetries` times with
 * full-jitter backoff, while the client's retry budget lasts. Each success earns budget back.
 */
export function retryPolicy({ clock, random, budget, events }: RetryOptions): Middleware {
  return async (exchange, next) => {
    const { operation } = exchange.request;
    for (let retries = 0; ; ) {
      try {
        const body = await next(exchange);
        budget.recordSuccess();
        return body;
      } catch (error) {
        if (retries >= exchange.options.maxRetries || !isRetryable(error, exchange)) throw error;
        if (!budget.trySpend(error instanceof TimeoutError ? 'timeout' : 'retry')) throw error;
        const delayMs = backoffDelay(retries, random);
        retries += 1;
        events.emit('retry', {
          operation,
          attempt: retries,
          delayMs,
          code: (error as { code: string }).code,
        });
        await sleep(clock, delayMs, exchange.options.signal);
      }
    }
  };
}
