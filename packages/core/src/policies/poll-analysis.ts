import { AnalysisPendingError } from '../errors';
import { type Clock, sleep } from '../internal/clock';
import type { ClientEventEmitter } from '../internal/events';
import type { Middleware } from '../transport/pipeline';

export interface AnalysisPollingOptions {
  /** Wait between identical requests while the API answers 202 (the API suggests 5 s). */
  readonly intervalMs?: number;
  /** How many 202s to accept before giving up with AnalysisPendingError. */
  readonly maxAttempts?: number;
  /** Longest total wait for one analysis (the sum of the waits between polls), in ms. */
  readonly maxWaitMs?: number;
}

export const DEFAULT_ANALYSIS_POLLING: Required<AnalysisPollingOptions> = {
  intervalMs: 5_000,
  maxAttempts: 36,
  maxWaitMs: 180_000,
};

/**
 * Repeats a results request that got 202 (analysis still running) after `intervalMs`, within
 * its own attempts and time budget. Only this call waits: the rate limiter is not held while it
 * sleeps, so other requests go on.
 */
export function pollAnalysisPolicy(
  clock: Clock,
  events: ClientEventEmitter,
  options: AnalysisPollingOptions = {},
): Middleware {
  const { intervalMs, maxAttempts, maxWaitMs } = { ...DEFAULT_ANALYSIS_POLLING, ...options };
  return async (exchange, next) => {
    if (!exchange.request.results) return next(exchange);
    // Only the time spent waiting for the analysis counts: a poll that queues behind the rate
    // limiter is not the analysis being slow.
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        return await next(exchange);
      } catch (error) {
        if (!(error instanceof AnalysisPendingError)) throw error;
        if (attempt >= maxAttempts || waited + intervalMs > maxWaitMs) {
          throw new AnalysisPendingError(
            `${exchange.request.operation}: the analysis was still running after ${attempt} attempts over ${Math.round(waited / 1000)} s`,
            {
              request: error.request,
              response: error.response,
              consumerId: error.consumerId,
              attempts: attempt,
            },
          );
        }
        events.emit('wait', {
          operation: exchange.request.operation,
          reason: 'analysis-pending',
          ms: intervalMs,
        });
        await sleep(clock, intervalMs, exchange.options.signal);
        waited += intervalMs;
      }
    }
  };
}
