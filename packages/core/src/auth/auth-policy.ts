import { AuthenticationError } from '../errors';
import type { Middleware } from '../transport/pipeline';
import type { ApiKeyProvider } from './api-key-provider';
import type { TokenProvider } from './token-provider';

/**
 * Adds `Authorization: Bearer <jwt>` (and `x-api-key` where the endpoint needs it). A 401 drops
 * the token it was sent with, mints a new one and retries once: the token may have expired in
 * flight or the server's clock may disagree with ours.
 */
export function authPolicy(tokens: TokenProvider, apiKeys: ApiKeyProvider): Middleware {
  return async (exchange, next) => {
    const { auth } = exchange.request;
    if (auth === 'none') return next(exchange);
    const pending = auth === 'pending-secret+key';
    for (let attempt = 0; ; attempt++) {
      const token = pending ? await tokens.pendingSecretToken() : await tokens.token();
      const headers: Record<string, string> = { ...exchange.headers, authorization: `Bearer ${token}` };
      if (auth !== 'jwt') headers['x-api-key'] = await apiKeys.apiKey();
      try {
        return await next({ ...exchange, headers });
      } catch (error) {
        // A rotation's confirm is never repeated: the caller decides what to do.
        if (!(error instanceof AuthenticationError) || attempt > 0 || pending) throw error;
        tokens.invalidate(token);
      }
    }
  };
}
