import { ConfigurationError } from '../errors';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * The injected fetch, or the global one looked up at call time (not at construction), so that
 * msw and other interceptors installed after the client was created still apply.
 */
export function resolveFetch(injected: FetchLike | undefined): FetchLike {
  if (injected) return injected;
  if (typeof globalThis.fetch !== 'function') {
    throw new ConfigurationError('No fetch implementation: pass `fetch` in the client options');
  }
  return globalThis.fetch.bind(globalThis);
}
