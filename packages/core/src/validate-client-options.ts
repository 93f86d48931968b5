import type { ClientOptions, RegisterOptions } from './client';
import { ConfigurationError } from './errors';
import {
  checkBaseURL,
  checkFunction,
  checkMethods,
  checkNumber,
  MAX_TIMER_MS,
  RETRIES,
  TIMER,
} from './internal/options';

/**
 * Every option is checked when the client is made, with a ConfigurationError naming it, rather than
 * misbehaving later (a limiter that spins, waits forever or is silently off).
 */
export function validateClientOptions(options: ClientOptions): void {
  if (!options?.consumerId || typeof options.consumerId !== 'string') {
    throw new ConfigurationError('consumerId is required (the `id` from registration)');
  }
  if (!options.sharedSecret || typeof options.sharedSecret !== 'string') {
    throw new ConfigurationError('sharedSecret is required');
  }
  if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || options.apiKey === '')) {
    throw new ConfigurationError('apiKey must be a non-empty string when given');
  }
  checkTransportOptions(options);
  checkNumber('maxRetries', options.maxRetries, RETRIES);
  checkNumber('deadline', options.deadline, TIMER);
  checkFunction('random', options.random);
  checkMethods('clock', options.clock, ['now', 'sleep']);
  checkMethods('logger', options.logger, ['debug', 'info', 'warn', 'error']);
  checkMethods('rateLimitStore', options.rateLimitStore, ['take', 'penalise']);
  checkMethods('signal', options.signal, ['addEventListener', 'removeEventListener']);
  const { rateLimit, analysisPolling, retryBudget } = options;
  // At least one token per 1000 s: far slower buckets would make waits no timer can hold.
  checkNumber('rateLimit.perSecond', rateLimit?.perSecond, { min: 0.001, max: 1_000_000 });
  checkNumber('rateLimit.burst', rateLimit?.burst, { min: 1, max: 1_000_000, integer: true });
  checkNumber('rateLimit.dailyQuota', rateLimit?.dailyQuota, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    integer: true,
  });
  checkNumber('rateLimit.arrivalJitterMs', rateLimit?.arrivalJitterMs, { min: 0, max: 60_000 });
  checkNumber('analysisPolling.intervalMs', analysisPolling?.intervalMs, { min: 0, max: MAX_TIMER_MS });
  checkNumber('analysisPolling.maxAttempts', analysisPolling?.maxAttempts, {
    min: 1,
    max: 10_000,
    integer: true,
  });
  checkNumber('analysisPolling.maxWaitMs', analysisPolling?.maxWaitMs, { min: 0, max: MAX_TIMER_MS });
  checkNumber('retryBudget.capacity', retryBudget?.capacity, { min: 0, max: 1_000_000 });
  checkNumber('retryBudget.retryCost', retryBudget?.retryCost, { min: 0, max: 1_000_000 });
  checkNumber('retryBudget.timeoutCost', retryBudget?.timeoutCost, { min: 0, max: 1_000_000 });
  checkNumber('responseLimitBytes', options.responseLimitBytes, {
    min: 1,
    max: Number.MAX_SAFE_INTEGER,
    integer: true,
  });
}

/** The options `SportsCloudClient.register` shares with the client. */
export function validateRegisterOptions(options: RegisterOptions): void {
  checkTransportOptions(options);
}

function checkTransportOptions(options: {
  baseURL?: unknown;
  fetch?: unknown;
  timeout?: unknown;
  maxResponseBytes?: unknown;
  maxRedirects?: unknown;
}): void {
  checkBaseURL('baseURL', options.baseURL);
  checkFunction('fetch', options.fetch);
  checkNumber('timeout', options.timeout, TIMER);
  checkNumber('maxResponseBytes', options.maxResponseBytes, {
    min: 1024,
    max: Number.MAX_SAFE_INTEGER,
    integer: true,
  });
  checkNumber('maxRedirects', options.maxRedirects, { min: 0, max: 20, integer: true });
}
