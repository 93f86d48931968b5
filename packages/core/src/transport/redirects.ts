import { RedirectError, type RequestSnapshot } from '../errors';
import type { Middleware } from './pipeline';
import type { ApiRequest } from './types';

/** Statuses whose `Location` is followed (same origin only). */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
export const DEFAULT_MAX_REDIRECTS = 5;

/**
 * A same-origin redirect, handed back by the HTTP layer instead of being followed by `fetch`: the
 * redirect policy sends the next hop through the rate limiter and the auth policy like any request.
 */
export class RedirectHop {
  constructor(
    /** Absolute URL of the next hop (same origin as the base URL). */
    readonly location: string,
    readonly status: number,
    /** `location`, redacted: for messages. */
    readonly shownLocation: string,
    /** The redirected request, redacted: for the error when the hop limit is reached. */
    readonly snapshot: RequestSnapshot,
    readonly consumerId: string | undefined,
  ) {}

  /** The request for the next hop: 303 (and 301/302 after a POST) turn into a GET without body, as fetch does. */
  next(request: ApiRequest): ApiRequest {
    const toGet =
      this.status === 303 || ((this.status === 301 || this.status === 302) && request.method === 'POST');
    const { body: _body, ...rest } = request;
    return toGet ? { ...rest, method: 'GET', url: this.location } : { ...request, url: this.location };
  }
}

/**
 * Follows same-origin redirects, at most `maxRedirects` hops. It sits outside the rate limiter
 * and the auth policy, so every hop takes a rate-limit token and gets fresh credentials: a
 * redirect loop cannot burst past the API's limits. Cross-origin redirects never get here (the
 * HTTP layer refuses them: they would carry the credentials to another host).
 */
export function redirectPolicy(maxRedirects: number = DEFAULT_MAX_REDIRECTS): Middleware {
  return async (exchange, next) => {
    let current = exchange;
    for (let hops = 0; ; hops++) {
      const result = await next(current);
      if (!(result instanceof RedirectHop)) return result;
      if (hops >= maxRedirects) {
        throw new RedirectError(
          `${exchange.request.operation}: more than ${maxRedirects} redirects (last ${result.status} to ${result.shownLocation}); not followed further`,
          {
            location: result.shownLocation,
            request: result.snapshot,
            ...(result.consumerId ? { consumerId: result.consumerId } : {}),
          },
        );
      }
      current = { ...current, request: result.next(current.request) };
    }
  };
}
