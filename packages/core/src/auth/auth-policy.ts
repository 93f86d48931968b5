import { AuthenticationError } from '../errors';
import type { Middleware } from '../transport/pipeline';
import type { ApiKeyProvider } from './api-key-provider';
import type { TokenProvider } from './token-provider';

/**
 * Adds `Authorization: Bearer <jwt>` (and `x-api-key` where the endpoint needs it). It sits after
 * the rate limiter, so the token is taken when the request really leaves — never one that went
 * stale while queued. A 401 drops the token it was sent with; the retry policy then repeats the
 * request once, through the rate limiter, with a fresh one.
 */
export function authPolicy(tokens: TokenProvider, apiKeys: ApiKeyProvider): Middleware {
  return async (exchange, next) => {
    const { auth } = exchange.request;
    if (auth === 'none') return next(exchange);
    const pending = auth === 'pending-secret+key';
    const token = pending ? await tokens.pendingSecretToken() : await tokens.token();
    const headers: Record<string, string> = { ...exchange.headers, authorization: `Bearer ${token}` };
    if (auth !== 'jwt') headers['x-api-key'] = await apiKeys.apiKey();
    try {
      return await next({ ...exchange, headers });
    } catch (error) {
      if (error instanceof AuthenticationError && !pending) tokens.invalidate(token);
      throw error;
    }
  };
}

/**
 * Whether a 401 deserves one more try with a fresh token: the token may have expired in flight
 * or the server's clock may disagree with ours. Not for a rotation's confirm, which the caller
 * decides about, and not twice: a second 401 means the credentials are wrong.
 */
export function isReauthenticable(error: unknown, auth: string, alreadyRetried: boolean): boolean {
  return error instanceof AuthenticationError && !alreadyRetried && (auth === 'jwt' || auth === 'jwt+key');
}
