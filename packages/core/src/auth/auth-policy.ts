import { AuthenticationError } from '../errors';
import type { Clock } from '../internal/clock';
import type { ClientEventEmitter } from '../internal/events';
import type { Middleware } from '../transport/pipeline';
import type { AuthMode } from '../transport/types';
import type { ApiKeyProvider } from './api-key-provider';
import {
  clockSkewError,
  isClockTooFarOff,
  MAX_CLOCK_CORRECTION_MS,
  measuredSkewMs,
  SKEW_RESOLUTION_MS,
} from './clock-skew';
import type { TokenProvider } from './token-provider';

const needsKey = (auth: AuthMode) => auth === 'jwt+key' || auth === 'pending-secret+key';

/**
 * Fetches a missing API key before the request queues for a rate-limit token. Otherwise every call
 * would take a token and then wait for the key, whose own request queues behind all of them; they
 * would then leave at once, far faster than the bucket allows. The key request (JWT only) passes
 * straight through and takes its token before anything that waits for it. A caller's abort or
 * deadline ends its wait at once.
 */
export function apiKeyFirstPolicy(apiKeys: ApiKeyProvider): Middleware {
  return async (exchange, next) => {
    if (needsKey(exchange.request.auth) && !apiKeys.known) await apiKeys.apiKey(exchange.options.signal);
    return next(exchange);
  };
}

export interface AuthPolicyOptions {
  readonly clock: Clock;
  readonly events: ClientEventEmitter;
}

/**
 * Adds `Authorization: Bearer <jwt>` (and `x-api-key` where the endpoint needs it). It sits after
 * the rate limiter, so the token is signed when the request really leaves — never one that went
 * stale while queued. A 401 drops the token it was sent with; the retry policy then repeats the
 * request once, through the rate limiter, with a fresh one. When the 401's `Date` shows that the
 * local clock is off, the next tokens are signed on the server's time (at most an hour's
 * correction, reported as a `clock` event); beyond that the error names the clock.
 */
export function authPolicy(
  tokens: TokenProvider,
  apiKeys: ApiKeyProvider,
  { clock, events }: AuthPolicyOptions,
): Middleware {
  const learnFrom = (error: AuthenticationError): AuthenticationError => {
    const skewMs = measuredSkewMs(error, clock.now());
    if (skewMs === undefined) return error;
    // How far the time the token was signed on is from the server's.
    const residualMs = skewMs + tokens.clockOffsetMs;
    if (Math.abs(residualMs) <= SKEW_RESOLUTION_MS) return error;
    if (Math.abs(skewMs) > MAX_CLOCK_CORRECTION_MS) return clockSkewError(error, skewMs);
    tokens.correctClock(-skewMs);
    events.emit('clock', { skewMs: Math.round(skewMs), source: 'Date header of a 401' });
    return error;
  };

  return async (exchange, next) => {
    const { auth } = exchange.request;
    if (auth === 'none') return next(exchange);
    const pending = auth === 'pending-secret+key';
    const headers: Record<string, string> = { ...exchange.headers };
    // The key first: should it have to be fetched, the token is signed after that wait.
    if (needsKey(auth)) headers['x-api-key'] = await apiKeys.apiKey(exchange.options.signal);
    const token = pending ? await tokens.pendingSecretToken() : await tokens.token();
    headers.authorization = `Bearer ${token}`;
    try {
      return await next({ ...exchange, headers });
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      if (!pending) tokens.invalidate(token);
      throw learnFrom(error);
    }
  };
}

/**
 * Whether a 401 deserves one more try with a fresh token: the token may have expired in flight
 * or the server's clock may disagree with ours (then corrected). Not for a rotation's confirm,
 * which the caller decides about, and not when the clock is too far off to correct.
 */
function isReauthenticable(error: unknown, auth: AuthMode): boolean {
  return (
    error instanceof AuthenticationError && !isClockTooFarOff(error) && (auth === 'jwt' || auth === 'jwt+key')
  );
}

/**
 * 401 re-authentication: the auth policy dropped the rejected token, so the request is repeated
 * once, at once, through the rate limiter, with a fresh one. Not twice: a second 401 means the
 * credentials are wrong.
 */
export function reauthPolicy(): Middleware {
  return async (exchange, next) => {
    try {
      return await next(exchange);
    } catch (error) {
      if (!isReauthenticable(error, exchange.request.auth)) throw error;
      return next(exchange);
    }
  };
}
