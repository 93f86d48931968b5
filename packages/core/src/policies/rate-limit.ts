import { RateLimitError } from '../errors';
import { abortReason, type Clock, sleep } from '../internal/clock';
import type { ClientEventEmitter } from '../internal/events';
import type { Middleware } from '../transport/pipeline';
import type { Headroom } from './headroom';
import type { RateLimitStore } from './rate-limit-store';

export interface RateLimitPolicyOptions {
  readonly key: string;
  /** The API's limits and the headroom kept under them (see headroom.ts). */
  readonly headroom: Headroom;
  readonly store: RateLimitStore;
  readonly clock: Clock;
  readonly events: ClientEventEmitter;
}

interface Waiter {
  readonly operation: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Every request that leaves the client — first attempts, retries, polls, re-mints — takes a
 * token here first, in arrival order, so the API never sees more than its bucket allows. When
 * the day's quota is gone, calls fail fast without spending a request. A caller that aborts (or
 * whose deadline passes) leaves the queue at once, wherever it stands in it.
 */
export function rateLimitPolicy(options: RateLimitPolicyOptions): Middleware {
  const { key, headroom, store, clock, events } = options;
  const queue: Waiter[] = [];
  let pumping = false;

  const leave = (waiter: Waiter): boolean => {
    const at = queue.indexOf(waiter);
    if (at >= 0) queue.splice(at, 1);
    return at >= 0;
  };

  // One loop per client hands out tokens to the head of the queue, sleeping while the bucket is empty.
  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const head = queue[0]!;
        const limits = headroom.paced;
        let result: Awaited<ReturnType<RateLimitStore['take']>>;
        try {
          result = await store.take(key, clock.now(), limits);
        } catch (error) {
          // The store failed (Redis down…): this request cannot know its budget.
          if (leave(head)) head.reject(error);
          continue;
        }
        if (result.granted) {
          // The head may have left while the store answered: the token goes to the next in line.
          queue.shift()?.resolve();
          continue;
        }
        if (result.scope === 'daily') {
          const resetAt = new Date(result.resetAt);
          events.emit('quota', { scope: 'daily', resetAt: resetAt.toISOString() });
          for (const waiter of queue.splice(0)) {
            waiter.reject(
              new RateLimitError(
                `${waiter.operation}: the daily quota of ${limits.dailyQuota} requests is used up; it resets at ${resetAt.toISOString()}`,
                { scope: 'daily', resetAt },
              ),
            );
          }
          continue;
        }
        events.emit('wait', { operation: head.operation, reason: 'rate-limit', ms: result.retryInMs });
        await sleep(clock, result.retryInMs, undefined);
      }
    } finally {
      pumping = false;
    }
  };

  const acquire = (operation: string, signal: AbortSignal | undefined): Promise<void> => {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        if (leave(waiter)) reject(abortReason(signal!));
      };
      const waiter: Waiter = {
        operation,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      queue.push(waiter);
      void pump();
    });
  };

  return async (exchange, next) => {
    await acquire(exchange.request.operation, exchange.options.signal);
    return next(exchange);
  };
}
